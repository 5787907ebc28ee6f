/* Contract: a handler sees and can change the interrupted context. With SA_SIGINFO, the
 * ucontext holds the registers at the signal: r12..r15 hold values from the nonce that
 * the interrupted code put there, and the handler's changes to them (and to rax) are what
 * the code sees after rt_sigreturn. The signal mask in the ucontext is the one from before
 * the handler, and a change the handler makes to it is in force afterwards. The
 * interrupted code's SSE registers are intact after a handler that clobbers its own. */
#include "contract.h"
#include <ucontext.h>

static unsigned long seen[4];

static void handler(int sig, siginfo_t* si, void* ctx) {
    ucontext_t* uc = ctx;
    seen[0] = (unsigned long)uc->uc_mcontext.gregs[REG_R12];
    seen[1] = (unsigned long)uc->uc_mcontext.gregs[REG_R13];
    uc->uc_mcontext.gregs[REG_R14] ^= 0x5555;
    uc->uc_mcontext.gregs[REG_R15] = (long)seen[0] + 1;
    sigaddset(&uc->uc_sigmask, SIGUSR2);
    volatile double clobber = 1.0;
    for (int i = 0; i < 10; ++i) clobber = clobber * 3.5 + i;
    __asm__ volatile("pxor %%xmm0, %%xmm0\n\tpxor %%xmm7, %%xmm7" ::: "xmm0", "xmm7");
}

int main(void) {
    struct sigaction sa = {0};
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGUSR1, &sa, NULL);
    unsigned long a = contract_random(), b = contract_random(), c = contract_random();
    unsigned long r12 = a, r13 = b, r14 = c, r15 = 0;
    long pid = getpid(), tid = gettid();
    double keep = (double)(a % 1000) + 0.25, after;
    __asm__ volatile(
        "movq %[keep], %%xmm7\n\t"
        "mov %[r12], %%r12\n\t"
        "mov %[r13], %%r13\n\t"
        "mov %[r14], %%r14\n\t"
        "mov %[nr], %%eax\n\t"
        "mov %[pid], %%rdi\n\t"
        "mov %[tid], %%rsi\n\t"
        "mov %[sig], %%edx\n\t"
        "syscall\n\t"
        "mov %%r12, %[r12]\n\t"
        "mov %%r13, %[r13]\n\t"
        "mov %%r14, %[r14]\n\t"
        "mov %%r15, %[r15]\n\t"
        "movq %%xmm7, %[after]"
        : [r12] "+m"(r12), [r13] "+m"(r13), [r14] "+m"(r14), [r15] "=m"(r15), [after] "=m"(after)
        : [keep] "m"(keep), [nr] "i"(SYS_tgkill), [pid] "m"(pid), [tid] "m"(tid), [sig] "i"(SIGUSR1)
        : "rax", "rdi", "rsi", "rdx", "rcx", "r11", "r12", "r13", "r14", "r15", "xmm7", "memory");
    printf("handler saw r12 and r13: %s\n", seen[0] == a && seen[1] == b ? "yes" : "no");
    printf("r12, r13 unchanged after: %s\n", r12 == a && r13 == b ? "yes" : "no");
    printf("r14 changed by the handler: %s\n", r14 == (c ^ 0x5555) ? "yes" : "no");
    printf("r15 set by the handler: %s\n", r15 == a + 1 ? "yes" : "no");
    printf("xmm7 intact: %s\n", after == keep ? "yes" : "no");
    sigset_t now;
    sigprocmask(SIG_BLOCK, NULL, &now);
    printf("SIGUSR2 blocked after the handler changed uc_sigmask: %s\n",
           sigismember(&now, SIGUSR2) ? "yes" : "no");
    printf("SIGUSR1 blocked after: %s\n", sigismember(&now, SIGUSR1) ? "yes" : "no");
    contract_observe(r14 ^ r15);
    contract_token();
    return 0;
}
