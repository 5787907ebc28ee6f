/* Contract: waitid and wait4 with bad result pointers. Errors: waitid with its siginfo
 * pointer unmapped or in the kernel is EFAULT; wait4 with its rusage pointer there is
 * EFAULT. Whether the child was reaped all the same is printed (a later WNOHANG wait4
 * says), and every child's exit code, from the nonce, is accounted for. */
#include "contract.h"

int main(void) {
    char* hole = (char*)before_hole(16) + 16 + 8 * contract_range(0, 400);
    void* where[] = {hole, KERNEL_ADDR};
    const char* names[] = {"unmapped", "kernel"};
    for (int w = 0; w < 2; ++w) {
        int code = (int)contract_range(0, 255);
        pid_t pid = fork_flushed();
        if (pid == 0) _exit(code);
        siginfo_t si;
        waitid(P_PID, (id_t)pid, &si, WEXITED | WNOWAIT);
        char label[64];
        snprintf(label, sizeof label, "waitid(infop %s)", names[w]);
        SHOW(label, syscall(SYS_waitid, P_PID, pid, where[w], WEXITED, NULL));
        int st = 0;
        pid_t r = waitpid(pid, &st, WNOHANG);
        printf("  child still there: %s\n", r == pid ? describe_status(st) : "no");

        pid = fork_flushed();
        if (pid == 0) _exit(code);
        waitid(P_PID, (id_t)pid, &si, WEXITED | WNOWAIT);
        snprintf(label, sizeof label, "wait4(rusage %s)", names[w]);
        SHOW(label, syscall(SYS_wait4, pid, &st, 0, where[w]));
        r = waitpid(pid, &st, WNOHANG);
        printf("  child still there: %s\n", r == pid ? describe_status(st) : "no");
    }
    contract_token();
    return 0;
}
