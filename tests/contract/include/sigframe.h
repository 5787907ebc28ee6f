/* tests/contract/include/sigframe.h — forged signal frames for the rt_sigreturn robustness
 * programs (include it after "contract.h").
 *
 * rt_sigreturn takes the frame from the user stack: the ucontext starts at the stack
 * pointer the system call is made with. A program fills a struct forged_uc (Linux's
 * layout: flags, link, stack_t, the 64-bit sigcontext, the signal mask) and calls
 * sigreturn_from() in a child; the child either lands in forged_landing(), which exits with
 * the code the frame put in rdi, or dies by the signal the kernel sends for a bad frame.
 */
#ifndef CONTRACT_SIGFRAME_H
#define CONTRACT_SIGFRAME_H

/** The 64-bit ucontext as rt_sigreturn reads it (304 bytes). */
struct forged_uc {
    unsigned long flags, link;
    void* ss_sp;
    int ss_flags, ss_pad;
    unsigned long ss_size;
    unsigned long r8, r9, r10, r11, r12, r13, r14, r15, rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp, rip,
        rflags;
    unsigned short cs, gs, fs, ss;
    unsigned long err, trapno, oldmask, cr2;
    void* fpstate;
    unsigned long reserved[8];
    unsigned long sigmask;
};

/** Where a good frame returns to: ends the process with the code in rdi. */
static void forged_landing(long code) {
    __asm__ volatile("syscall" : : "a"(SYS_exit_group), "D"(code) : "rcx", "r11", "memory");
    __builtin_unreachable();
}

/** A frame that returns to forged_landing(@p code) on a stack of its own (@p stack, 64 KiB),
 * with this process's code and stack selectors, no FPU state and no alternate stack. */
static inline void forged_good(struct forged_uc* uc, char* stack, long code) {
    memset(uc, 0, sizeof *uc);
    unsigned short cs, ss;
    __asm__("mov %%cs, %0" : "=r"(cs));
    __asm__("mov %%ss, %0" : "=r"(ss));
    uc->ss_flags = SS_DISABLE;
    uc->rdi = (unsigned long)code;
    uc->rip = (unsigned long)forged_landing;
    uc->rsp = (unsigned long)(stack + 65536 - 8); /* as after a call */
    uc->rflags = 0x202;
    uc->cs = cs;
    uc->ss = ss;
}

/** rt_sigreturn with the stack pointer at @p at (the ucontext): does not return. */
static inline void sigreturn_from(void* at) {
    __asm__ volatile(
        "mov %0, %%rsp\n\t"
        "syscall\n\t"
        "ud2"
        :
        : "r"(at), "a"(SYS_rt_sigreturn)
        : "memory");
    __builtin_unreachable();
}

/** Runs rt_sigreturn with @p uc (copied to @p at, if not NULL, else used in place) in a
 * child and describes how the child ended: "exit N" or the signal. */
static inline const char* forged_run(const struct forged_uc* uc, void* at) {
    pid_t pid = fork_flushed();
    if (pid == 0) {
        if (at) memcpy(at, uc, sizeof *uc);
        sigreturn_from(at ? at : (void*)uc);
    }
    return describe_status(wait_for(pid));
}

#endif
