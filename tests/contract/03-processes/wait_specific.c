/* Contract: wait4 for a given pid returns that child even when others exited first;
 * wait4(-1) and wait4(0) (our process group) take any child; each child is reported
 * once, with its own exit code (four distinct codes chosen from the nonce). Errors:
 * ECHILD for our parent's pid, for a child already reaped, and once all children are
 * gone. */
#include "contract.h"
#include <time.h>

static pid_t spawn(int code, long delay_ms) {
    pid_t pid = fork_flushed();
    if (pid == 0) {
        struct timespec ts = {0, delay_ms * 1000 * 1000};
        nanosleep(&ts, NULL);
        _exit(code);
    }
    return pid;
}

int main(void) {
    int code[4];
    unsigned first = (unsigned)contract_range(0, 255), step = (unsigned)contract_range(1, 63);
    for (int i = 0; i < 4; ++i) code[i] = (int)((first + (unsigned)i * step) & 0xff); /* distinct */
    pid_t a = spawn(code[0], 0), b = spawn(code[1], 0), c = spawn(code[2], 150);
    int st;
    pid_t got;
    /* c exits last, but is asked for first. */
    got = wait4(c, &st, 0, NULL);
    printf("wait4(c): %s, %s\n", got == c ? "c" : "?", describe_status(st));
    got = wait4(a, &st, 0, NULL);
    printf("wait4(a): %s, %s\n", got == a ? "a" : "?", describe_status(st));
    SHOW("wait4(a) again", wait4(a, &st, 0, NULL));
    got = wait4(-1, &st, 0, NULL);
    printf("wait4(-1): %s, %s\n", got == b ? "b" : "?", describe_status(st));

    pid_t d = spawn(code[3], 0);
    got = wait4(0, &st, 0, NULL);
    printf("wait4(0): %s, %s\n", got == d ? "d" : "?", describe_status(st));
    SHOW("wait4(parent)", wait4(getppid(), &st, 0, NULL));
    SHOW("wait4(-1) when none are left", wait4(-1, &st, 0, NULL));
    SHOW("wait4(0) when none are left", wait4(0, &st, 0, NULL));
    return 0;
}
