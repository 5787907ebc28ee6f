/* kernel/arch/x86_64/context_switch.S — switching from one task's kernel stack to another's.
 *
 *   context_switch(&prev->saved_rsp, next->saved_rsp);
 *
 * A task that is not running is stopped inside context_switch: its callee-saved
 * registers (RBX, RBP, R12-R15, what the System V ABI says a call preserves) are pushed
 * on its own kernel stack, and the stack pointer is kept in the task. Switching pushes
 * the current task's registers, saves RSP, loads the next task's RSP and pops its
 * registers; the `ret` then continues wherever that task called context_switch. All
 * other state (user registers, FPU, CR3, FS base) is switched by the scheduler in C.
 *
 * A new task has never called context_switch: its stack is prepared (proc/task.cc) to
 * look as if it had, with task_trampoline as the return address and its user
 * TrapFrame right above, so its first `ret` lands in task_trampoline, which finishes
 * the switch in C and leaves for user mode through syscall_return.
 */
    .section .text
    .global context_switch
    .type context_switch, @function
/*! [context_switch] */
context_switch:                         /* rdi = u64* save_rsp, rsi = new rsp */
    pushq %rbp
    pushq %rbx
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    movq %rsp, (%rdi)
    movq %rsi, %rsp
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %rbx
    popq %rbp
    ret
/*! [context_switch] */
    .size context_switch, . - context_switch

    .global task_trampoline
    .type task_trampoline, @function
task_trampoline:                        /* rsp = the new task's TrapFrame, 16-aligned */
    xorl %ebp, %ebp
    call task_first_run                 /* proc/sched.cc: unlock, interrupts off */
    cli
    jmp  syscall_return
    .size task_trampoline, . - task_trampoline

/* A kernel thread's first run (proc/kthread.cc prepared its stack): R12 = fn,
 * R13 = arg. kthread_first_run finishes the switch and turns interrupts on. */
    .global kthread_trampoline
    .type kthread_trampoline, @function
kthread_trampoline:                     /* rsp = the top of its stack, 16-aligned */
    xorl %ebp, %ebp
    call kthread_first_run
    movq %r13, %rdi
    call *%r12
    call kthread_return                 /* never returns */
    ud2
    .size kthread_trampoline, . - kthread_trampoline
