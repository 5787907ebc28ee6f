/* Contract: rt_sigsuspend swaps in a mask, waits for a signal, runs its handler and
 * returns -1 EINTR with the old mask back; a signal pending and unblocked by the new mask
 * is taken at once. pause returns EINTR after a handler. The signals are sent by a
 * forked child once the parent is waiting (the parent blocks them until then), a number
 * of times from the nonce. Errors: rt_sigsuspend with sigsetsize 4 is EINVAL. */
#include "contract.h"

static volatile int handled;

static void handler(int sig) { ++handled; }

int main(void) {
    signal(SIGUSR1, handler);
    sigset_t block, old, wait_mask;
    sigemptyset(&block);
    sigaddset(&block, SIGUSR1);
    sigprocmask(SIG_BLOCK, &block, &old);
    int n = (int)contract_range(1, 5);
    for (int i = 0; i < n; ++i) {
        pid_t pid = fork_flushed();
        if (pid == 0) {
            kill(getppid(), SIGUSR1);
            _exit(0);
        }
        wait_for(pid); /* the signal is pending now: sigsuspend takes it at once */
        sigprocmask(SIG_BLOCK, NULL, &wait_mask);
        sigdelset(&wait_mask, SIGUSR1);
        errno = 0;
        int r = sigsuspend(&wait_mask);
        int e = errno;
        sigset_t now;
        sigprocmask(SIG_BLOCK, NULL, &now);
        printf("sigsuspend %d: %d %s, handled %d, mask restored: %s\n", i + 1, r, errname(e),
               handled, sigismember(&now, SIGUSR1) ? "yes" : "no");
    }
    SHOW("rt_sigsuspend(sigsetsize 4)", syscall(SYS_rt_sigsuspend, &wait_mask, 4));
    contract_observe((unsigned)handled);
    contract_token();
    return 0;
}
