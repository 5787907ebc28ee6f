/* kernel/arch/x86_64/trampoline.S — where an application processor starts: real mode
 * to long mode.
 *
 * A STARTUP IPI starts a CPU in 16-bit real mode at physical address vector * 4096,
 * so these bytes are copied to AP_TRAMPOLINE_BASE (below 1 MiB) before each start.
 * They are position-dependent on that base: every address below is computed as
 * BASE + (label - ap_trampoline_start). The boot CPU fills the parameter block at
 * the end (struct TrampolineParams in smp.cc) before sending the IPI.
 *
 *   16-bit: load a temporary GDT, set CR0.PE, far jump to 32-bit code;
 *   32-bit: PAE + PGE, CR3 = the early page tables (boot_pml4, below 4 GiB, which
 *           identity-map this page), EFER.LME (+NXE), CR0.PG: far jump to 64-bit;
 *   64-bit: report "started", load the stack, this CPU's PerCpu and the final CR3
 *           into registers, and jump to ap_long_entry in the higher half, which
 *           switches to the kernel's current page tables and calls ap_entry().
 * The temporary GDT has the early boot GDT's layout (0x08 64-bit code, 0x10 data),
 * so ap_entry starts with the same selectors as kernel_entry did.
 */
#define AP_TRAMPOLINE_BASE 0x8000
#define REL(sym) (AP_TRAMPOLINE_BASE + ((sym) - ap_trampoline_start))

    .section .rodata.ap_trampoline, "a"
    .balign 16
    .global ap_trampoline_start, ap_trampoline_end, ap_trampoline_params
    .code16
ap_trampoline_start:
    cli
    cld
    ljmp $0, $REL(1f)                   /* CS:IP = 0:BASE+x whatever segment the SIPI gave */
1:  xorw %ax, %ax
    movw %ax, %ds
    movw %ax, %es
    movw %ax, %ss
    lgdtl REL(tr_gdtr)
    movl %cr0, %eax
    orl  $1, %eax                       /* PE */
    movl %eax, %cr0
    ljmpl $0x18, $REL(tr_protected)

    .code32
tr_protected:
    movw $0x10, %ax
    movw %ax, %ds
    movw %ax, %es
    movw %ax, %ss
    /*! [ap_early_cr3] */
    movl %cr4, %eax
    orl  $(1 << 5) | (1 << 7), %eax     /* PAE, PGE */
    movl %eax, %cr4
    movl $boot_pml4, %eax               /* linked at its physical address, below 4 GiB */
    movl %eax, %cr3
    movl $0xc0000080, %ecx              /* EFER: LME, and NXE when the boot CPU uses it */
    rdmsr
    orl  REL(tr_efer), %eax
    wrmsr
    movl %cr0, %eax
    orl  $(1 << 31) | (1 << 16) | 1, %eax   /* PG, WP, PE */
    movl %eax, %cr0
    ljmpl $0x08, $REL(tr_long)
    /*! [ap_early_cr3] */

    .code64
tr_long:
    movw $0x10, %ax
    movw %ax, %ds
    movw %ax, %es
    movw %ax, %ss
    xorw %ax, %ax
    movw %ax, %fs
    movw %ax, %gs
    movl $1, REL(tr_started)            /* the boot CPU may now reuse nothing but this page */
    movq REL(tr_stack), %rsp
    movq REL(tr_cpu), %rdi
    movq REL(tr_cr3), %rsi
    movq REL(tr_cr4), %rdx
    movabsq $ap_long_entry, %rax
    jmp  *%rax

    .balign 8
tr_gdt:
    .quad 0
    .quad 0x00af9a000000ffff            /* 0x08: 64-bit code */
    .quad 0x00cf92000000ffff            /* 0x10: data */
    .quad 0x00cf9a000000ffff            /* 0x18: 32-bit code */
tr_gdt_end:
tr_gdtr:
    .short tr_gdt_end - tr_gdt - 1
    .long  REL(tr_gdt)

    .balign 8
ap_trampoline_params:                   /* struct TrampolineParams (smp.cc) */
tr_efer:    .quad 0
tr_cr3:     .quad 0
tr_cr4:     .quad 0
tr_stack:   .quad 0
tr_cpu:     .quad 0
tr_started: .quad 0
ap_trampoline_end:

/* In the higher half, on the CPU's own stack: rdi = PerCpu*, rsi = CR3, rdx = CR4. */
    .text
    /*! [ap_final_cr3] */
    .global ap_long_entry
ap_long_entry:
    movq %rsi, %cr3
    movq %rdx, %cr4
    /*! [ap_final_cr3] */
    xorl %ebp, %ebp
    call ap_entry
1:  cli
    hlt
    jmp 1b
