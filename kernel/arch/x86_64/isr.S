/* kernel/arch/x86_64/isr.S — the entry stubs of all 256 vectors and the common entry path.
 *
 * When an exception or interrupt arrives the CPU pushes SS, RSP, RFLAGS, CS, RIP and,
 * for some exceptions, an error code. Each stub makes the frame uniform (pushing a 0
 * where the CPU pushed no error code), pushes its vector number and jumps to
 * isr_common, which saves the general registers so that the stack holds an
 * arch::TrapFrame (interrupts.hh), calls trap_dispatch(frame), restores the registers
 * (a handler may have changed them) and returns with iretq. Around trap_dispatch, a
 * trap from ring 3 calls enter_from_user_mode and, on the way back, exit_to_user_mode
 * (proc/user_return.cc: CPU time, pending switches and signals).
 *
 * Stubs are ISR_STUB_SIZE (16) bytes apart, so the stub of vector v is at
 * isr_stubs + 16 * v (idt.cc relies on it; the longest stub takes 12 bytes).
 *
 * Coming from ring 3 (lab 03) the GS base holds the user's value: swapgs swaps in the
 * kernel's per-CPU pointer on entry and swaps back on exit.
 */
#include "arch/x86_64/trap_frame.S.inc"

#define ISR_STUB_SIZE 16

/* Vectors for which the CPU pushes an error code: #DF #TS #NP #SS #GP #PF #AC #CP #VC #SX. */
#define HAS_ERROR_CODE(v) ((v) == 8 || ((v) >= 10 && (v) <= 14) || (v) == 17 || (v) == 21 || (v) == 29 || (v) == 30)

/*! [isr_stub] */
    .macro isr_stub vector
    .balign ISR_STUB_SIZE
    .if !HAS_ERROR_CODE(\vector)
    pushq $0
    .endif
    pushq $\vector
    jmp  isr_common                     /* 2 + 5 + 5 bytes at most */
    .endm

    .section .text
    .balign ISR_STUB_SIZE
    .global isr_stubs
    .type isr_stubs, @function
isr_stubs:
    .set vector, 0
    .rept 256
    isr_stub vector
    .set vector, vector + 1
    .endr
/*! [isr_stub] */
    .size isr_stubs, . - isr_stubs

    .global isr_common
    .type isr_common, @function
/*! [isr_common] */
isr_common:
    testb $3, 24(%rsp)                  /* CS above vector, error code, RIP: from ring 3? */
    jz   1f
    swapgs
1:  push_gprs                           /* trap_frame.S.inc */
    cld
    movq %rsp, %rdi                     /* the TrapFrame */
    /* A frame record (saved RBP, "return address" = interrupted RIP) so that backtraces
     * taken inside a handler continue into the interrupted code. */
    pushq TF_RIP(%rdi)
    pushq %rbp
    movq %rsp, %rbp
    andq $-16, %rsp                     /* the ABI's alignment at a call */
    testb $3, TF_CS(%rdi)               /* from ring 3: CPU time (user_return.cc) */
    jz   3f
    cmpq $2, TF_VECTOR(%rdi)            /* but not an NMI: it runs on its IST stack and */
    je   3f                             /* must not switch (nor a #DF or #MC: panics) */
    pushq %rdi
    pushq %rdi                          /* keeps the 16-byte alignment */
    call enter_from_user_mode
    popq %rdi
    popq %rdi
3:  call trap_dispatch
    leaq 16(%rbp), %rdi                 /* the TrapFrame */
    testb $3, TF_CS(%rdi)               /* back to ring 3: pending work first */
    jz   4f
    cmpq $2, TF_VECTOR(%rdi)
    je   4f
    call exit_to_user_mode              /* returns with interrupts off */
4:  leaq 16(%rbp), %rsp                 /* back to the TrapFrame */
    pop_gprs
    addq $16, %rsp                      /* vector and error code */
    testb $3, 8(%rsp)                   /* returning to ring 3? */
    jz   2f
    swapgs
2:  iretq
/*! [isr_common] */
    .size isr_common, . - isr_common
