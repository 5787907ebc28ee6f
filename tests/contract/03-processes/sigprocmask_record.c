/* Contract: rt_sigprocmask keeps the blocked set: SIG_BLOCK adds, SIG_UNBLOCK removes,
 * SIG_SETMASK replaces, the old set comes back through oldset, a NULL set only reads,
 * and SIGKILL and SIGSTOP are silently never blocked. Errors: EINVAL for an unknown
 * how and a sigsetsize other than 8, EFAULT for an unmapped set. */
#include "ksig.h"

int main(void) {
    printf("initially blocked: %s\n", mask_names(k_blocked()));
    unsigned long set = KBIT(SIGUSR1) | KBIT(SIGHUP), old = 0;
    SHOW("SIG_BLOCK {HUP, USR1}", k_sigprocmask(SIG_BLOCK, &set, &old));
    printf("old: %s\n", mask_names(old));
    printf("now: %s\n", mask_names(k_blocked()));
    set = KBIT(SIGUSR2) | KBIT(SIGKILL) | KBIT(SIGSTOP);
    SHOW("SIG_BLOCK {USR2, KILL, STOP}", k_sigprocmask(SIG_BLOCK, &set, NULL));
    printf("now: %s\n", mask_names(k_blocked()));
    set = KBIT(SIGHUP);
    SHOW("SIG_UNBLOCK {HUP}", k_sigprocmask(SIG_UNBLOCK, &set, &old));
    printf("old: %s\n", mask_names(old));
    printf("now: %s\n", mask_names(k_blocked()));
    set = KBIT(SIGTERM) | KBIT(SIGINT);
    SHOW("SIG_SETMASK {INT, TERM}", k_sigprocmask(SIG_SETMASK, &set, NULL));
    printf("now: %s\n", mask_names(k_blocked()));
    sigset_t ls;
    sigemptyset(&ls);
    sigaddset(&ls, SIGALRM);
    SHOW("libc sigprocmask(SIG_BLOCK, {ALRM})", sigprocmask(SIG_BLOCK, &ls, NULL));
    printf("now: %s\n", mask_names(k_blocked()));

    SHOW("rt_sigprocmask(how 3)", k_sigprocmask(3, &set, NULL));
    SHOW("rt_sigprocmask(how -1)", k_sigprocmask(-1, &set, NULL));
    SHOW("rt_sigprocmask(sigsetsize 4)", syscall(SYS_rt_sigprocmask, SIG_BLOCK, &set, NULL, 4));
    SHOW("rt_sigprocmask(set unmapped)", k_sigprocmask(SIG_BLOCK, before_hole(0), NULL));
    printf("unchanged by the failures: %s\n", mask_names(k_blocked()));
    return 0;
}
