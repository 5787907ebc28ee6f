/* Contract: a child killed by a signal is reported with WIFSIGNALED and the signal
 * number as its status (SIGKILL 0x9, SIGTERM 0xf), whether it signalled itself or its
 * parent killed it while it slept. Errors: kill with signal 65 or -1 fails with EINVAL,
 * kill of a reaped child with ESRCH. */
#include "contract.h"
#include <time.h>

static void sleep_forever(void) {
    for (;;) {
        struct timespec ts = {10, 0};
        nanosleep(&ts, NULL);
    }
}

int main(void) {
    const int sigs[] = {SIGKILL, SIGTERM, SIGINT, SIGHUP};
    for (unsigned i = 0; i < 4; ++i) {
        pid_t pid = fork_flushed();
        if (pid == 0) {
            kill(getpid(), sigs[i]);
            _exit(0);
        }
        int st = wait_for(pid);
        printf("child raised %s: status %#x, WIFSIGNALED %d, WTERMSIG %s\n", signame(sigs[i]),
               st & 0x7f, WIFSIGNALED(st), signame(WTERMSIG(st)));
    }
    pid_t sleeper = fork_flushed();
    if (sleeper == 0) sleep_forever();
    SHOW("kill(sleeping child, SIGKILL)", kill(sleeper, SIGKILL));
    int st = wait_for(sleeper);
    printf("sleeper: status %#x (%s)\n", st, describe_status(st));

    SHOW("kill(reaped child, SIGTERM)", kill(sleeper, SIGTERM));
    SHOW("kill(self, 65)", kill(getpid(), 65));
    SHOW("kill(self, -1)", kill(getpid(), -1));
    return 0;
}
