/* Contract: signal system calls with pointers into nowhere. Errors: rt_sigaction with its
 * new action unmapped is EFAULT and changes nothing; with only the old-action pointer bad
 * it is EFAULT too, but the new action was installed (Linux copies the old one out last);
 * rt_sigprocmask, rt_sigpending, sigaltstack, rt_sigtimedwait, rt_sigsuspend and
 * rt_sigqueueinfo with unmapped or kernel pointers are EFAULT. Which of the pointers is
 * bad, unmapped or in the kernel, is chosen from the nonce. */
#include "contract.h"

static void handler(int sig) {}

int main(void) {
    char* hole = (char*)before_hole(16) + 16 + 8 * contract_range(0, 400);
    void* bad = contract_range(0, 1) ? (void*)hole : KERNEL_ADDR;
    struct sigaction old;
    struct {
        void* handler;
        unsigned long flags;
        void* restorer;
        unsigned long mask;
    } act = {(void*)handler, 0, NULL, 0};
    SHOW("rt_sigaction(new bad)", syscall(SYS_rt_sigaction, SIGUSR1, bad, NULL, 8));
    sigaction(SIGUSR1, NULL, &old);
    printf("handler after that: %s\n", old.sa_handler == SIG_DFL ? "SIG_DFL" : "changed");
    SHOW("rt_sigaction(old bad)", syscall(SYS_rt_sigaction, SIGUSR1, &act, bad, 8));
    sigaction(SIGUSR1, NULL, &old);
    printf("handler after that: %s\n", old.sa_handler == handler ? "the new one" : "unchanged");
    sigset_t set;
    sigemptyset(&set);
    SHOW("rt_sigprocmask(set bad)", syscall(SYS_rt_sigprocmask, SIG_BLOCK, bad, NULL, 8));
    SHOW("rt_sigprocmask(old bad)", syscall(SYS_rt_sigprocmask, SIG_BLOCK, &set, bad, 8));
    SHOW("rt_sigpending(bad)", syscall(SYS_rt_sigpending, bad, 8));
    SHOW("sigaltstack(new bad)", syscall(SYS_sigaltstack, bad, NULL));
    SHOW("sigaltstack(old bad)", syscall(SYS_sigaltstack, NULL, bad));
    struct timespec zero = {0, 0};
    siginfo_t si;
    SHOW("rt_sigtimedwait(set bad)", syscall(SYS_rt_sigtimedwait, bad, &si, &zero, 8));
    SHOW("rt_sigtimedwait(timeout bad)", syscall(SYS_rt_sigtimedwait, &set, &si, bad, 8));
    SHOW("rt_sigsuspend(mask bad)", syscall(SYS_rt_sigsuspend, bad, 8));
    SHOW("rt_sigqueueinfo(info bad)", syscall(SYS_rt_sigqueueinfo, getpid(), SIGUSR1, bad));
    contract_token();
    return 0;
}
