/* kernel/arch/x86_64/boot/entry32.S — from 32-bit protected mode to the higher half.
 *
 * Runs at the image's physical address with paging off. It records how we were
 * booted, checks that the CPU has long mode (saying so on COM1 if not), builds the
 * early page tables, turns on PAE, long mode, NX and paging, and jumps to 64-bit
 * code in the higher half. The early tables map:
 *   - physical 0..4 GiB at 0 (identity, for this stub and the AP trampoline) and at
 *     the direct-map base 0xffff800000000000, with 2 MiB pages; 3..4 GiB uncached;
 *   - physical 0..32 MiB at KERNEL_VMA with 4 KiB pages, so that guard pages below
 *     stacks can be unmapped one page at a time (arch/x86_64/guard.cc).
 * Lab 02 replaces all of this with page tables built by the kernel's own allocator.
 */
#define KERNEL_VMA      0xffffffff80000000
#define PTE_P           0x1
#define PTE_W           0x2
#define PTE_PWT         0x8
#define PTE_PCD         0x10
#define PTE_PS          0x80
#define PVH_MAGIC       0x336ec578
#define COM1            0x3f8
#define DEBUG_EXIT_PORT 0xf4

    .section .boot.text, "ax"
    .code32
/*! [entry_points] */
    .global _start32
_start32:                               /* multiboot2: eax = magic, ebx = info */
    cli
    cld
    movl %eax, boot_magic
    movl %ebx, boot_info
    jmp  common32

    .global _start_pvh
_start_pvh:                             /* PVH: ebx = hvm_start_info */
    cli
    cld
    movl $PVH_MAGIC, boot_magic
    movl %ebx, boot_info
/*! [entry_points] */

common32:
    /* Zero the early page tables and the 32-bit stack. */
    movl $_boot_bss_start, %edi
    movl $_boot_bss_end, %ecx
    subl %edi, %ecx
    shrl $2, %ecx
    xorl %eax, %eax
    rep stosl
    movl $boot_stack32_top, %esp

/*! [check_long_mode] */
    /* Long mode? CPUID 0x80000001, EDX bit 29. Remember NX (bit 20) in esi. */
    movl $0x80000000, %eax
    cpuid
    cmpl $0x80000001, %eax
    jb   no_long_mode
    movl $0x80000001, %eax
    cpuid
    testl $(1 << 29), %edx
    jz   no_long_mode
    movl %edx, %esi
/*! [check_long_mode] */

/*! [low_tables] */
    /* PML4: [0] and [256] share the low PDPT (identity and direct map), [511] the high one. */
    movl $boot_pdpt_low + PTE_P + PTE_W, boot_pml4 + 0 * 8
    movl $boot_pdpt_low + PTE_P + PTE_W, boot_pml4 + 256 * 8
    movl $boot_pdpt_high + PTE_P + PTE_W, boot_pml4 + 511 * 8

    /* Low PDPT: four page directories of 2 MiB pages cover 4 GiB. */
    xorl %ecx, %ecx
1:  movl %ecx, %eax
    shll $12, %eax
    addl $boot_pd_low + PTE_P + PTE_W, %eax
    movl %eax, boot_pdpt_low(, %ecx, 8)
    incl %ecx
    cmpl $4, %ecx
    jb   1b

    xorl %ecx, %ecx
2:  movl %ecx, %eax
    shll $21, %eax
    orl  $PTE_P + PTE_W + PTE_PS, %eax
    cmpl $1536, %ecx                    /* 3..4 GiB is device memory: uncached */
    jb   3f
    orl  $PTE_PCD + PTE_PWT, %eax
3:  movl %eax, boot_pd_low(, %ecx, 8)
    incl %ecx
    cmpl $2048, %ecx
    jb   2b
/*! [low_tables] */

/*! [high_tables] */
    /* High half: PDPT[510] -> PD, PD[0..15] -> 16 page tables of 4 KiB pages. */
    movl $boot_pd_high + PTE_P + PTE_W, boot_pdpt_high + 510 * 8
    xorl %ecx, %ecx
4:  movl %ecx, %eax
    shll $12, %eax
    addl $boot_pt_high + PTE_P + PTE_W, %eax
    movl %eax, boot_pd_high(, %ecx, 8)
    incl %ecx
    cmpl $16, %ecx
    jb   4b

    xorl %ecx, %ecx
5:  movl %ecx, %eax
    shll $12, %eax
    orl  $PTE_P + PTE_W, %eax
    movl %eax, boot_pt_high(, %ecx, 8)
    incl %ecx
    cmpl $16 * 512, %ecx
    jb   5b
/*! [high_tables] */

/*! [enable_long_mode] */
    /* CR3, then PAE + PGE, then EFER.LME (+ NXE when present), then PG + WP. */
    movl $boot_pml4, %eax
    movl %eax, %cr3
    movl %cr4, %eax
    orl  $(1 << 5) | (1 << 7), %eax
    movl %eax, %cr4
    movl $0xc0000080, %ecx
    rdmsr
    orl  $(1 << 8), %eax
    testl $(1 << 20), %esi
    jz   6f
    orl  $(1 << 11), %eax
6:  wrmsr
    movl %cr0, %eax
    orl  $(1 << 31) | (1 << 16), %eax
    movl %eax, %cr0

    lgdt boot_gdtr
    ljmp $0x08, $long_mode_entry
/*! [enable_long_mode] */

no_long_mode:
    movl $no_long_mode_msg, %esi
7:  movb (%esi), %al
    testb %al, %al
    jz   9f
    movw $COM1 + 5, %dx                 /* wait for the transmitter to be empty */
8:  inb  %dx, %al
    testb $0x20, %al
    jz   8b
    movb (%esi), %al
    movw $COM1, %dx
    outb %al, %dx
    incl %esi
    jmp  7b
9:  movb $0x13, %al                     /* EXIT_CODE_PANIC (lib/exit_codes.h) */
    movw $DEBUG_EXIT_PORT, %dx
    outb %al, %dx
10: hlt
    jmp  10b

/*! [long_mode_entry] */
    .code64
long_mode_entry:
    movw $0x10, %ax
    movw %ax, %ds
    movw %ax, %es
    movw %ax, %ss
    xorw %ax, %ax
    movw %ax, %fs
    movw %ax, %gs
    movabsq $higher_half_entry, %rax
    jmp  *%rax
/*! [long_mode_entry] */

    .section .boot.data, "aw"
    .balign 8
    .global boot_magic, boot_info
boot_magic: .long 0
boot_info:  .long 0
    .balign 8
/*! [boot_gdt] */
boot_gdt:
    .quad 0
    .quad 0x00af9a000000ffff            /* 0x08: 64-bit code */
    .quad 0x00cf92000000ffff            /* 0x10: data */
boot_gdt_end:
boot_gdtr:
    .short boot_gdt_end - boot_gdt - 1
    .long  boot_gdt
/*! [boot_gdt] */
no_long_mode_msg:
    .asciz "\r\nboot: this CPU does not support long mode (x86_64); cannot boot.\r\n"

    .section .boot.bss, "aw", @nobits
    .balign 4096
    .global boot_pml4
boot_pml4:      .skip 4096
boot_pdpt_low:  .skip 4096
boot_pd_low:    .skip 4 * 4096
boot_pdpt_high: .skip 4096
boot_pd_high:   .skip 4096
    .global boot_pt_high
boot_pt_high:   .skip 16 * 4096
boot_stack32:   .skip 1024
boot_stack32_top:

/*! [higher_half_entry] */
/* The 64-bit boot stack lives in .bss behind a guard page that guard.cc unmaps. */
    .section .text.entry, "ax"
    .global higher_half_entry
higher_half_entry:
    movabsq $__bss_start, %rdi
    movabsq $__bss_end, %rcx
    subq %rdi, %rcx
    shrq $3, %rcx
    xorl %eax, %eax
    rep stosq
    movabsq $boot_stack_top, %rsp
    xorl %ebp, %ebp
    movl boot_magic, %edi
    movl boot_info, %esi
    call kernel_entry
11: cli
    hlt
    jmp 11b

    .section .bss
    .balign 4096
    .global boot_stack_guard, boot_stack_bottom, boot_stack_top
boot_stack_guard:  .skip 4096
boot_stack_bottom: .skip 16384
boot_stack_top:
/*! [higher_half_entry] */
