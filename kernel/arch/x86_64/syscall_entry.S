/* kernel/arch/x86_64/syscall_entry.S — the `syscall` instruction's way into the kernel and back.
 *
 * `syscall` (lab 03) jumps here in ring 0 with the user's RIP in RCX, its RFLAGS in R11,
 * interrupts masked by SFMASK, and nothing else changed: RSP is still the user's stack
 * and GS still the user's. So the first three instructions swap in the kernel's GS
 * (PerCpu), park the user RSP in PerCpu::user_rsp (offset 24) and load the running
 * task's kernel stack from PerCpu::kernel_rsp (offset 16). Then the registers are saved
 * as an arch::TrapFrame (the layout isr.S uses for interrupts), with vector = -1, so that
 * fork, execve and the scheduler see one kind of saved user state, at the top of the
 * task's kernel stack.
 *
 * Around the handler, enter_from_user_mode and exit_to_user_mode (proc/user_return.cc)
 * do the work of every entry from and return to user mode: CPU time, then pending
 * switches and signals. New tasks reach syscall_return through task_trampoline, which
 * calls exit_to_user_mode first as well.
 *
 * syscall_return leaves through `sysretq` (fast) when the saved RIP is a plain user
 * address, and through `iretq` otherwise. The non-canonical case matters: on Intel
 * CPUs sysret with a non-canonical RCX raises #GP in ring 0 but on the user's stack, a
 * classic privilege escalation; execve or a future sigreturn may well set such a RIP.
 * iretq instead faults in ring 3, where the fault kills only that process. sysret also
 * loads RCX and R11 with RIP and RFLAGS, so a frame whose RCX or R11 differ from those
 * (rt_sigreturn's, execve's) leaves through iretq too. The error-code slot of a system
 * call's frame keeps the call number (Linux's orig_rax), which a restart needs.
 */
#include "arch/x86_64/trap_frame.S.inc"

#define PERCPU_KERNEL_RSP 16
#define PERCPU_USER_RSP   24
#define USER_DS           0x2b
#define USER_CS           0x33
#define SYSRET_RIP_LIMIT  0x00007ffffffff000   /* sysret only below the last user page */

    .section .text
    .global syscall_entry
    .type syscall_entry, @function
/*! [syscall_entry] */
syscall_entry:
    swapgs
    movq %rsp, %gs:PERCPU_USER_RSP
    movq %gs:PERCPU_KERNEL_RSP, %rsp
    pushq $USER_DS                      /* ss */
    pushq %gs:PERCPU_USER_RSP           /* rsp */
    pushq %r11                          /* rflags */
    pushq $USER_CS                      /* cs */
    pushq %rcx                          /* rip */
    pushq %rax                          /* error code: orig_rax, for restarts */
    pushq $-1                           /* vector: a system call */
    push_gprs                           /* trap_frame.S.inc */
    cld
    xorl %ebp, %ebp                     /* backtraces stop here */
    movq %rsp, %rdi                     /* the TrapFrame; 16-byte aligned */
    call enter_from_user_mode           /* proc/user_return.cc: CPU time */
    movq %rsp, %rdi
    sti
    call syscall_dispatch
    cli
    movq %rsp, %rdi
    call exit_to_user_mode              /* switch, signals; returns with interrupts off */
    /* fall through */
/*! [syscall_entry] */
    .size syscall_entry, . - syscall_entry

/* Returns to user mode from the TrapFrame at RSP, interrupts disabled. New tasks
 * (fork's child, PID 1) start here too. */
    .global syscall_return
    .type syscall_return, @function
/*! [syscall_return] */
syscall_return:
    movq TF_RIP(%rsp), %rcx
    movq $SYSRET_RIP_LIMIT, %r11
    cmpq %r11, %rcx
    jae  1f                             /* not a plain user address: iretq */
    cmpq TF_RCX(%rsp), %rcx             /* sysret loads rcx = rip, r11 = rflags: only */
    jne  1f                             /* when the frame holds those (rt_sigreturn may */
    movq TF_RFLAGS(%rsp), %r11          /* restore others: iretq then) */
    cmpq TF_R11(%rsp), %r11
    jne  1f
    pop_gprs
    movq 16(%rsp), %rcx                 /* rip (above vector and error code) */
    movq 32(%rsp), %r11                 /* rflags */
    movq 40(%rsp), %rsp                 /* the user's stack */
    swapgs
    sysretq
1:  pop_gprs
    addq $16, %rsp                      /* vector and error code */
    swapgs
    iretq
/*! [syscall_return] */
    .size syscall_return, . - syscall_return
