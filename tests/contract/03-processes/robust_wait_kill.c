/* Contract: wait4 and kill with targets that do not exist or options they do not
 * know. wait4: ECHILD with no children (any child, a process group, a pid that is not
 * a child, even with a status pointer in the kernel: nothing is written); ESRCH for
 * pid INT_MIN; EINVAL for unknown option bits, WEXITED and WNOWAIT (waitid's flags),
 * checked before the children, and a child waited for with bad options stays there to
 * be reaped. kill: ESRCH for a pid or process group that does not exist and for
 * INT_MIN, also with a signal above 64 (the target is looked up before the signal number is
 * checked). Success: kill(pid, 0) of a child that has exited but is not reaped yet (a
 * zombie) is 0, and a child killed by a real-time signal's default action dies by it.
 * The unknown option bit, the pids that do not exist, the child's exit code and the
 * real-time signal (35..64: the libcs keep 32..34 for themselves) come from the nonce. */
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
    char label[96];
    /* Bits wait4 knows: WNOHANG, WUNTRACED, WCONTINUED and __WNOTHREAD/__WALL/__WCLONE. */
    int unknown = 1 << contract_range(4, 23);
    snprintf(label, sizeof label, "wait4(options %#x)", unknown);
    SHOW(label, syscall(SYS_wait4, -1, &st, unknown, NULL));
    SHOW("wait4(WEXITED)", syscall(SYS_wait4, -1, &st, WEXITED, NULL));
    SHOW("wait4(WNOWAIT)", syscall(SYS_wait4, -1, &st, WNOWAIT, NULL));

    int code = (int)contract_range(0, 255);
    pid_t pid = fork_flushed();
    if (pid == 0) _exit(code);
    snprintf(label, sizeof label, "wait4(child, options %#x)", unknown);
    SHOW(label, syscall(SYS_wait4, pid, &st, unknown, NULL));
    struct timespec pause = {0, 200 * 1000 * 1000};
    nanosleep(&pause, NULL); /* the child has exited: a zombie */
    SHOW("kill(zombie child, 0)", kill(pid, 0));
    SHOW_OK("wait4(child) after that", wait4(pid, &st, 0, NULL));
    printf("child status: %s\n", describe_status(st));

    int nobody = (int)contract_range(1 << 23, INT_MAX); /* PID_MAX_LIMIT is 1 << 22 */
    int bad_sig = (int)contract_range(65, INT_MAX);
    snprintf(label, sizeof label, "kill(%d, 0)", nobody);
    SHOW(label, kill(nobody, 0));
    snprintf(label, sizeof label, "kill(%d, 0)", -nobody);
    SHOW(label, kill(-nobody, 0));
    SHOW("kill(INT_MIN, 0)", syscall(SYS_kill, INT_MIN, 0));
    snprintf(label, sizeof label, "kill(%d, %d)", nobody, bad_sig);
    SHOW(label, syscall(SYS_kill, nobody, bad_sig));
    SHOW("kill(self, 0)", kill(getpid(), 0));

    int rt = (int)contract_range(35, 64);
    pid = fork_flushed();
    if (pid == 0) {
        kill(getpid(), rt);
        _exit(0);
    }
    printf("kill(child, %d): child %s\n", rt, describe_status(wait_for(pid)));
    return 0;
}
