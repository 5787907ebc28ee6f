/* Contract: a child killed by a signal is reported with WIFSIGNALED and the signal
 * number as its status (SIGKILL 0x9, SIGTERM 0xf, ...), whether it signalled itself or
 * its parent killed it while it slept: SIGKILL, SIGTERM, SIGINT, SIGHUP and two more
 * chosen from the nonce among the signals whose default action terminates without a core
 * dump. Errors: kill with a signal above 64 or below 0 (chosen from the nonce) fails
 * with EINVAL, kill of a reaped child with ESRCH. */
#include "contract.h"
#include <limits.h>
#include <time.h>

/* Signals whose default action is to terminate (no core dump: that depends on the host). */
static const int TERMINATING[] = {SIGHUP,  SIGINT,    SIGKILL,   SIGUSR1, SIGUSR2, SIGPIPE, SIGALRM,
                                  SIGTERM, SIGSTKFLT, SIGVTALRM, SIGPROF, SIGIO,   SIGPWR};

static int pick_terminating(void) {
    return TERMINATING[contract_range(0, sizeof TERMINATING / sizeof TERMINATING[0] - 1)];
}

static void sleep_forever(void) {
    for (;;) {
        struct timespec ts = {10, 0};
        nanosleep(&ts, NULL);
    }
}

int main(void) {
    const int sigs[] = {SIGKILL, SIGTERM, SIGINT, SIGHUP, pick_terminating()};
    for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; ++i) {
        pid_t pid = fork_flushed();
        if (pid == 0) {
            kill(getpid(), sigs[i]);
            _exit(0);
        }
        int st = wait_for(pid);
        printf("child raised %s: status %#x, WIFSIGNALED %d, WTERMSIG %s\n", signame(sigs[i]),
               st & 0x7f, WIFSIGNALED(st), signame(WTERMSIG(st)));
    }
    int sig = pick_terminating();
    pid_t sleeper = fork_flushed();
    if (sleeper == 0) sleep_forever();
    char label[64];
    snprintf(label, sizeof label, "kill(sleeping child, %s)", signame(sig));
    SHOW(label, kill(sleeper, sig));
    int st = wait_for(sleeper);
    printf("sleeper: status %#x (%s)\n", st, describe_status(st));

    SHOW("kill(reaped child, SIGTERM)", kill(sleeper, SIGTERM));
    int high = (int)contract_range(65, INT_MAX), low = -(int)contract_range(1, INT_MAX);
    snprintf(label, sizeof label, "kill(self, %d)", high);
    SHOW(label, kill(getpid(), high));
    snprintf(label, sizeof label, "kill(self, %d)", low);
    SHOW(label, kill(getpid(), low));
    return 0;
}
