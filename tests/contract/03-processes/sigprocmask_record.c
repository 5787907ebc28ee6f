/* Contract: rt_sigprocmask keeps the blocked set: SIG_BLOCK adds, SIG_UNBLOCK removes,
 * SIG_SETMASK replaces, the old set comes back through oldset, a NULL set only reads,
 * and SIGKILL and SIGSTOP are silently never blocked. The sets are chosen from the
 * nonce and the masks read back are printed. Errors: EINVAL for an unknown how (two
 * chosen from the nonce) and a sigsetsize other than 8, EFAULT for an unmapped set. */
#include "ksig.h"
#include <limits.h>

int main(void) {
    printf("initially blocked: %s\n", mask_names(k_blocked()));
    unsigned long set = k_random_set(KSAFE_SIGNALS), old = 0;
    char label[320];
    snprintf(label, sizeof label, "SIG_BLOCK {%s}", mask_names(set));
    SHOW(label, k_sigprocmask(SIG_BLOCK, &set, &old));
    printf("old: %s\n", mask_names(old));
    printf("now: %s\n", mask_names(k_blocked()));
    set = k_random_set(KSAFE_SIGNALS) | KBIT(SIGKILL) | KBIT(SIGSTOP);
    snprintf(label, sizeof label, "SIG_BLOCK {%s}", mask_names(set));
    SHOW(label, k_sigprocmask(SIG_BLOCK, &set, NULL));
    printf("now: %s\n", mask_names(k_blocked()));
    set = k_random_set(KSAFE_SIGNALS);
    snprintf(label, sizeof label, "SIG_UNBLOCK {%s}", mask_names(set));
    SHOW(label, k_sigprocmask(SIG_UNBLOCK, &set, &old));
    printf("old: %s\n", mask_names(old));
    printf("now: %s\n", mask_names(k_blocked()));
    set = k_random_set(KSAFE_SIGNALS);
    snprintf(label, sizeof label, "SIG_SETMASK {%s}", mask_names(set));
    SHOW(label, k_sigprocmask(SIG_SETMASK, &set, NULL));
    printf("now: %s\n", mask_names(k_blocked()));
    sigset_t ls;
    sigemptyset(&ls);
    static const int some[] = {SIGHUP,  SIGINT,  SIGQUIT, SIGUSR1,
                               SIGUSR2, SIGPIPE, SIGALRM, SIGTERM};
    int one = some[contract_range(0, sizeof some / sizeof some[0] - 1)];
    sigaddset(&ls, one);
    snprintf(label, sizeof label, "libc sigprocmask(SIG_BLOCK, {%s})", signame(one));
    SHOW(label, sigprocmask(SIG_BLOCK, &ls, NULL));
    printf("now: %s\n", mask_names(k_blocked()));

    int how = (int)contract_range(3, INT_MAX), neg = -(int)contract_range(1, INT_MAX);
    snprintf(label, sizeof label, "rt_sigprocmask(how %d)", how);
    SHOW(label, k_sigprocmask(how, &set, NULL));
    snprintf(label, sizeof label, "rt_sigprocmask(how %d)", neg);
    SHOW(label, k_sigprocmask(neg, &set, NULL));
    SHOW("rt_sigprocmask(sigsetsize 4)", syscall(SYS_rt_sigprocmask, SIG_BLOCK, &set, NULL, 4));
    SHOW("rt_sigprocmask(set unmapped)", k_sigprocmask(SIG_BLOCK, before_hole(0), NULL));
    printf("unchanged by the failures: %s\n", mask_names(k_blocked()));
    return 0;
}
