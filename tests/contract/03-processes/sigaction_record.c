/* Contract: rt_sigaction records what it is given and reports it back: a handler with
 * its flags (SA_RESTART, SA_SIGINFO, SA_NODEFER kept; SA_RESTORER and the restorer
 * the libc added) and mask (SIGKILL/SIGSTOP in it are dropped), SIG_IGN, and the
 * previous action when a new one is set. The flags, the masks and the second signal
 * given a handler come from the nonce. Errors: EINVAL for SIGKILL and SIGSTOP, for
 * signals 0 and 65..INT_MAX (one chosen from the nonce), and for a sigsetsize other
 * than 8. */
#include "ksig.h"
#include <limits.h>

static void handler(int sig) { (void)sig; }

static const char* flag_names(unsigned long f) {
    static char buf[64];
    snprintf(buf, sizeof buf, "SA_RESTART %d SA_NODEFER %d SA_SIGINFO %d", !!(f & SA_RESTART),
             !!(f & SA_NODEFER), !!(f & SA_SIGINFO));
    return buf;
}

int main(void) {
    static const unsigned long FLAGS[] = {SA_RESTART, SA_NODEFER, SA_SIGINFO};
    unsigned long flags = 0, flags2 = 0;
    for (int i = 0; i < 3; ++i) {
        if (contract_random() & 1) flags |= FLAGS[i];
        if (contract_random() & 1) flags2 |= FLAGS[i];
    }
    unsigned long mask = k_random_set(KSAFE_SIGNALS) | KBIT(SIGKILL);
    unsigned long mask2 = k_random_set(KSAFE_SIGNALS) | KBIT(SIGSTOP);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sa.sa_flags = (int)flags;
    sigemptyset(&sa.sa_mask);
    for (int s = 1; s < 32; ++s)
        if (mask & KBIT(s)) sigaddset(&sa.sa_mask, s);
    char label[400];
    snprintf(label, sizeof label, "sigaction(SIGUSR1, handler, %s, {%s})", flag_names(flags),
             mask_names(mask));
    SHOW(label, sigaction(SIGUSR1, &sa, NULL));
    struct ksigaction k;
    SHOW("rt_sigaction(SIGUSR1, read back)", k_sigaction(SIGUSR1, NULL, &k));
    printf("handler kept: %s\n", k.handler == handler ? "yes" : "no");
    printf("flags: %s, restorer given: %s\n", flag_names(k.flags),
           (k.flags & KSA_RESTORER) && k.restorer ? "yes" : "no");
    printf("mask: %s\n", mask_names(k.mask));

    struct ksigaction info = {(void (*)(int))handler, flags2 | KSA_RESTORER, k.restorer, mask2};
    struct ksigaction old;
    snprintf(label, sizeof label, "rt_sigaction(SIGUSR1, %s, {%s}, old)", flag_names(flags2),
             mask_names(mask2));
    SHOW(label, k_sigaction(SIGUSR1, &info, &old));
    printf("old action was the first: %s\n",
           old.handler == handler && (old.flags & ~KSA_RESTORER) == flags ? "yes" : "no");
    k_sigaction(SIGUSR1, NULL, &k);
    printf("now %s, mask %s\n", flag_names(k.flags), mask_names(k.mask));

    static const int others[] = {SIGHUP, SIGUSR2, SIGALRM, SIGTERM, SIGWINCH, SIGPWR};
    int other = others[contract_range(0, sizeof others / sizeof others[0] - 1)];
    snprintf(label, sizeof label, "rt_sigaction(%s, handler)", signame(other));
    SHOW(label, k_sigaction(other, &info, NULL));
    k_sigaction(other, NULL, &k);
    printf("%s has the handler: %s\n", signame(other), k.handler == info.handler ? "yes" : "no");
    SHOW("signal(SIGQUIT, SIG_IGN)", signal(SIGQUIT, SIG_IGN) == SIG_ERR ? -1 : 0);
    k_sigaction(SIGQUIT, NULL, &k);
    printf("SIGQUIT is SIG_IGN: %s\n", k.handler == SIG_IGN ? "yes" : "no");
    k_sigaction(SIGINT, NULL, &k);
    printf("SIGINT untouched is SIG_DFL: %s\n", k.handler == SIG_DFL ? "yes" : "no");
    SHOW("rt_sigaction(SIGKILL, read only)", k_sigaction(SIGKILL, NULL, &k));

    SHOW("rt_sigaction(SIGKILL, handler)", k_sigaction(SIGKILL, &info, NULL));
    SHOW("rt_sigaction(SIGSTOP, SIG_IGN)",
         syscall(SYS_rt_sigaction, SIGSTOP, &(struct ksigaction){SIG_IGN, 0, 0, 0}, NULL, 8));
    SHOW("rt_sigaction(0)", k_sigaction(0, &info, NULL));
    int high = (int)contract_range(65, INT_MAX);
    snprintf(label, sizeof label, "rt_sigaction(%d)", high);
    SHOW(label, k_sigaction(high, &info, NULL));
    SHOW("rt_sigaction(sigsetsize 4)", syscall(SYS_rt_sigaction, SIGUSR1, &info, NULL, 4));
    SHOW("rt_sigaction(sigsetsize 16)", syscall(SYS_rt_sigaction, SIGUSR1, &info, NULL, 16));
    return 0;
}
