/* Contract: getpid, gettid, getppid and the uid/gid calls agree with each other and
 * across fork: a single-threaded process has tid == pid, a child's parent is the
 * process that forked it, fork returns the child's pid, ids run as root are 0.
 * Errors: waiting for oneself (ECHILD), signalling a pid that cannot exist (ESRCH). */
#include "contract.h"

int main(void) {
    pid_t me = getpid();
    printf("tid == pid: %s\n", gettid() == me ? "yes" : "no");
    printf("pid stable: %s\n", getpid() == me && syscall(SYS_getpid) == me ? "yes" : "no");
    printf("pid > 0: %s\n", me > 0 ? "yes" : "no");
    printf("parent differs: %s\n", getppid() != me && getppid() > 0 ? "yes" : "no");
    printf("uid %d euid %d gid %d egid %d\n", (int)getuid(), (int)geteuid(), (int)getgid(),
           (int)getegid());

    pid_t child = fork_flushed();
    if (child == 0) {
        int ok = getppid() == me && getpid() != me && gettid() == getpid();
        printf("child: parent is the forker, own pid, tid == pid: %s\n", ok ? "yes" : "no");
        printf("child: uid %d euid %d gid %d egid %d\n", (int)getuid(), (int)geteuid(),
               (int)getgid(), (int)getegid());
        /* Report our pid's low bits so the parent can compare with fork's return value. */
        fflush(stdout);
        _exit(getpid() & 0x7f);
    }
    int st = wait_for(child);
    printf("fork returned the child's pid: %s\n",
           WIFEXITED(st) && WEXITSTATUS(st) == (child & 0x7f) ? "yes" : "no");

    SHOW("wait4(self)", wait4(me, NULL, 0, NULL));
    SHOW("kill(1<<30, 0)", kill(1 << 30, 0));
    SHOW("kill(self, 0)", kill(me, 0));
    return 0;
}
