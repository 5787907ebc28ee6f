/* Contract: process groups and sessions. A child's setpgid(0, 0) makes a group whose id
 * is its pid; getpgid and getsid read them; a sibling joins that group by setpgid; kill to
 * the negative group id reaches both (their exit statuses say so); setsid in a child that
 * is not a group leader makes a new session (getsid is its pid, getpgid too), and setsid
 * in a group leader is EPERM. Errors: setpgid of a child in another session is EPERM, of
 * a pid that is not a child ESRCH, a negative pgid EINVAL; getsid and getpgid of a pid
 * that does not exist (from the nonce) ESRCH. The signal sent to the group is from the
 * nonce. */
#include "contract.h"
#include "threads.h"
#include <limits.h>

int main(void) {
    volatile int* box = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    pid_t a = fork_flushed();
    if (a == 0) {
        box[0] = setpgid(0, 0) == 0 && getpgid(0) == getpid() && getpgrp() == getpid();
        flag_set(&box[1], 1);
        for (;;) pause();
    }
    flag_wait(&box[1], 1);
    printf("child's setpgid(0, 0): group is its pid: %s\n", box[0] ? "yes" : "no");
    printf("parent sees the child's group: %s\n", getpgid(a) == a ? "yes" : "no");
    pid_t b = fork_flushed();
    if (b == 0) {
        box[2] = setpgid(0, a) == 0 && getpgid(0) == a;
        flag_set(&box[3], 1);
        for (;;) pause();
    }
    flag_wait(&box[3], 1);
    printf("sibling joins it: %s\n", box[2] ? "yes" : "no");
    int sig = (int)contract_range(0, 1) ? SIGTERM : SIGUSR2;
    SHOW("kill(-group)", kill(-a, sig));
    printf("first: %s\n", describe_status(wait_for(a)));
    printf("second: %s\n", describe_status(wait_for(b)));
    pid_t c = fork_flushed();
    if (c == 0) {
        pid_t s = setsid();
        int ok = s == getpid() && getsid(0) == getpid() && getpgid(0) == getpid();
        errno = 0;
        int again = setsid() == -1 ? errno : 0;
        _exit(ok ? (again == EPERM ? 10 : 11) : 12);
    }
    int st = wait_for(c);
    printf("setsid in a child: %s, a second setsid: %s\n",
           WEXITSTATUS(st) <= 11 ? "new session" : "failed",
           WEXITSTATUS(st) == 10 ? "EPERM" : "other");
    printf("getsid(0) is the parent's session: %s\n", getsid(0) == getsid(getpid()) ? "yes" : "no");
    int nobody = (int)contract_range(1 << 23, INT_MAX);
    SHOW("getsid(nobody)", getsid(nobody));
    SHOW("getpgid(nobody)", getpgid(nobody));
    SHOW("setpgid(nobody, 0)", setpgid(nobody, 0));
    SHOW("setpgid(0, -1)", setpgid(0, -1));
    pid_t d = fork_flushed();
    if (d == 0) {
        setsid();
        flag_set(&box[4], 1);
        for (;;) pause();
    }
    flag_wait(&box[4], 1);
    SHOW("setpgid(child in another session, 0)", setpgid(d, 0));
    kill(d, SIGKILL);
    wait_for(d);
    contract_token();
    return 0;
}
