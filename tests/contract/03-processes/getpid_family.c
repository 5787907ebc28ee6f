/* Contract: getpid, gettid, getppid and the uid/gid calls agree with each other and
 * across fork: a single-threaded process has tid == pid, a child's parent is the
 * process that forked it, fork returns the child's pid, ids run as root are 0. The
 * child proves it with its exit code: a number the parent chose from the nonce before
 * fork, plus its own pid and its parent's as it sees them; the parent takes away the pid
 * fork returned and its own, and prints what is left (the number it chose).
 * Errors: waiting for oneself (ECHILD), signalling a pid that cannot exist (ESRCH, for a
 * pid above PID_MAX_LIMIT chosen from the nonce). */
#include "contract.h"

int main(void) {
    pid_t me = getpid();
    printf("tid == pid: %s\n", gettid() == me ? "yes" : "no");
    printf("pid stable: %s\n", getpid() == me && syscall(SYS_getpid) == me ? "yes" : "no");
    printf("pid > 0: %s\n", me > 0 ? "yes" : "no");
    printf("parent differs: %s\n", getppid() != me && getppid() > 0 ? "yes" : "no");
    printf("uid %d euid %d gid %d egid %d\n", (int)getuid(), (int)geteuid(), (int)getgid(),
           (int)getegid());

    unsigned chosen = (unsigned)contract_range(0, 255);
    pid_t child = fork_flushed();
    if (child == 0) {
        int ok = getppid() == me && getpid() != me && gettid() == getpid();
        printf("child: parent is the forker, own pid, tid == pid: %s\n", ok ? "yes" : "no");
        printf("child: uid %d euid %d gid %d egid %d\n", (int)getuid(), (int)geteuid(),
               (int)getgid(), (int)getegid());
        fflush(stdout);
        _exit((int)((chosen + (unsigned)getpid() + (unsigned)getppid()) & 0xff));
    }
    int st = wait_for(child);
    printf("child's exit code less fork's pid and ours: %u\n",
           WIFEXITED(st) ? (WEXITSTATUS(st) - (unsigned)child - (unsigned)me) & 0xff : 999);

    SHOW("wait4(self)", wait4(me, NULL, 0, NULL));
    int nobody = (int)contract_range(1 << 23, 0x7fffffff); /* PID_MAX_LIMIT is 1 << 22 */
    char label[48];
    snprintf(label, sizeof label, "kill(%d, 0)", nobody);
    SHOW(label, kill(nobody, 0));
    SHOW("kill(self, 0)", kill(me, 0));
    return 0;
}
