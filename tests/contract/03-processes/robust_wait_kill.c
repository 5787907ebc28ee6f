/* Contract: wait4 and kill with targets that do not exist or options they do not
 * know. wait4: ECHILD with no children (any child, a process group, a pid that is not
 * a child, even with a status pointer in the kernel: nothing is written); ESRCH for
 * pid INT_MIN; EINVAL for unknown option bits, WEXITED and WNOWAIT (waitid's flags),
 * checked before the children, and a child waited for with bad options stays there to
 * be reaped. kill: ESRCH for a pid or process group that does not exist and for
 * INT_MIN, also with signal 65 (the target is looked up before the signal number is
 * checked). Success: kill(pid,
 * 0) of a child that has exited but is not reaped yet (a zombie) is 0, and a child
 * killed by a real-time signal's default action dies by it. */
#include "contract.h"
#include <limits.h>
#include <time.h>

int main(void) {
    int st = 0;
    SHOW("wait4(-1), no children", wait4(-1, &st, 0, NULL));
    SHOW("wait4(0), no children", wait4(0, &st, 0, NULL));
    SHOW("wait4(pid 1, not a child)", wait4(1, &st, 0, NULL));
    SHOW("wait4(-1, status in the kernel), no children",
         syscall(SYS_wait4, -1, KERNEL_ADDR, 0, NULL));
    SHOW("wait4(INT_MIN)", syscall(SYS_wait4, INT_MIN, &st, 0, NULL));
    SHOW("wait4(options 0x100)", syscall(SYS_wait4, -1, &st, 0x100, NULL));
    SHOW("wait4(WEXITED)", syscall(SYS_wait4, -1, &st, WEXITED, NULL));
    SHOW("wait4(WNOWAIT)", syscall(SYS_wait4, -1, &st, WNOWAIT, NULL));

    pid_t pid = fork_flushed();
    if (pid == 0) _exit(3);
    SHOW("wait4(child, options 0x100)", syscall(SYS_wait4, pid, &st, 0x100, NULL));
    struct timespec pause = {0, 200 * 1000 * 1000};
    nanosleep(&pause, NULL); /* the child has exited: a zombie */
    SHOW("kill(zombie child, 0)", kill(pid, 0));
    SHOW_OK("wait4(child) after that", wait4(pid, &st, 0, NULL));
    printf("child status: %s\n", describe_status(st));

    SHOW("kill(INT_MAX, 0)", kill(INT_MAX, 0));
    SHOW("kill(-INT_MAX, 0)", kill(-INT_MAX, 0));
    SHOW("kill(INT_MIN, 0)", syscall(SYS_kill, INT_MIN, 0));
    SHOW("kill(INT_MAX, 65)", syscall(SYS_kill, INT_MAX, 65));
    SHOW("kill(self, 0)", kill(getpid(), 0));

    pid = fork_flushed();
    if (pid == 0) {
        kill(getpid(), 64);
        _exit(0);
    }
    printf("kill(child, 64): child %s\n", describe_status(wait_for(pid)));
    return 0;
}
