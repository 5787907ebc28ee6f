/* Contract: rt_sigaction records what it is given and reports it back: a handler with
 * its flags (SA_RESTART, SA_SIGINFO, SA_NODEFER kept; SA_RESTORER and the restorer
 * the libc added) and mask (SIGKILL/SIGSTOP in it are dropped), SIG_IGN, and the
 * previous action when a new one is set. Errors: EINVAL for SIGKILL and SIGSTOP, for
 * signals 0 and 65, and for a sigsetsize other than 8. */
#include "ksig.h"

static void handler(int sig) { (void)sig; }

int main(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sa.sa_flags = SA_RESTART | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    sigaddset(&sa.sa_mask, SIGUSR2);
    sigaddset(&sa.sa_mask, SIGKILL);
    SHOW("sigaction(SIGUSR1, handler)", sigaction(SIGUSR1, &sa, NULL));
    struct ksigaction k;
    SHOW("rt_sigaction(SIGUSR1, read back)", k_sigaction(SIGUSR1, NULL, &k));
    printf("handler kept: %s\n", k.handler == handler ? "yes" : "no");
    printf("flags: SA_RESTART %d SA_NODEFER %d SA_SIGINFO %d, restorer given: %s\n",
           !!(k.flags & SA_RESTART), !!(k.flags & SA_NODEFER), !!(k.flags & SA_SIGINFO),
           (k.flags & KSA_RESTORER) && k.restorer ? "yes" : "no");
    printf("mask: %s\n", mask_names(k.mask));

    struct ksigaction info = {(void (*)(int))handler, SA_SIGINFO | KSA_RESTORER, k.restorer,
                              KBIT(SIGHUP)};
    struct ksigaction old;
    SHOW("rt_sigaction(SIGUSR1, SA_SIGINFO, old)", k_sigaction(SIGUSR1, &info, &old));
    printf("old action was the first: %s\n",
           old.handler == handler && (old.flags & SA_RESTART) ? "yes" : "no");
    k_sigaction(SIGUSR1, NULL, &k);
    printf("now SA_SIGINFO %d SA_RESTART %d, mask %s\n", !!(k.flags & SA_SIGINFO),
           !!(k.flags & SA_RESTART), mask_names(k.mask));

    SHOW("signal(SIGUSR2, SIG_IGN)", signal(SIGUSR2, SIG_IGN) == SIG_ERR ? -1 : 0);
    k_sigaction(SIGUSR2, NULL, &k);
    printf("SIGUSR2 is SIG_IGN: %s\n", k.handler == SIG_IGN ? "yes" : "no");
    k_sigaction(SIGTERM, NULL, &k);
    printf("SIGTERM untouched is SIG_DFL: %s\n", k.handler == SIG_DFL ? "yes" : "no");
    SHOW("rt_sigaction(SIGKILL, read only)", k_sigaction(SIGKILL, NULL, &k));

    SHOW("rt_sigaction(SIGKILL, handler)", k_sigaction(SIGKILL, &info, NULL));
    SHOW("rt_sigaction(SIGSTOP, SIG_IGN)",
         syscall(SYS_rt_sigaction, SIGSTOP, &(struct ksigaction){SIG_IGN, 0, 0, 0}, NULL, 8));
    SHOW("rt_sigaction(0)", k_sigaction(0, &info, NULL));
    SHOW("rt_sigaction(65)", k_sigaction(65, &info, NULL));
    SHOW("rt_sigaction(sigsetsize 4)", syscall(SYS_rt_sigaction, SIGUSR1, &info, NULL, 4));
    SHOW("rt_sigaction(sigsetsize 16)", syscall(SYS_rt_sigaction, SIGUSR1, &info, NULL, 16));
    return 0;
}
