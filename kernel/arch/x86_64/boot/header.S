/* kernel/arch/x86_64/boot/header.S — how boot loaders find the kernel.
 *
 * Two doors into the same image: the multiboot2 header that GRUB2 looks for in the
 * first 32 KiB of the file, and the Xen PVH ELF note (XEN_ELFNOTE_PHYS32_ENTRY) that
 * lets `qemu -kernel` boot the ELF directly. Both land in 32-bit protected mode with
 * paging off; entry32.S takes it from there.
 */
#define MB2_MAGIC        0xe85250d6
#define MB2_ARCH_I386    0
#define MB2_TAG_END      0
#define MB2_TAG_MODALIGN 6

/*! [mb2_header] */
    .section .multiboot2, "a"
    .balign 8
mb2_header:
    .long MB2_MAGIC
    .long MB2_ARCH_I386
    .long mb2_header_end - mb2_header
    .long -(MB2_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header))
    /* Ask GRUB to page-align modules (the initramfs is mapped, not copied). */
    .balign 8
    .short MB2_TAG_MODALIGN, 0
    .long 8
    .balign 8
    .short MB2_TAG_END, 0
    .long 8
mb2_header_end:
/*! [mb2_header] */

/*! [pvh_note] */
#define XEN_ELFNOTE_PHYS32_ENTRY 18
    .section .note.pvh, "a", @note
    .balign 4
    .long 4                         /* name size: "Xen\0" */
    .long 4                         /* descriptor size */
    .long XEN_ELFNOTE_PHYS32_ENTRY
    .asciz "Xen"
    .balign 4
    .long _start_pvh
/*! [pvh_note] */
    .balign 4
