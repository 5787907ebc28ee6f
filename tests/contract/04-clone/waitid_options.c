/* Contract: waitid. P_PID with WEXITED reports CLD_EXITED, the pid and the code (from the
 * nonce); WNOWAIT leaves the child to be waited for again (the same report twice);
 * WNOHANG with a running child returns 0 and zeroes si_pid; P_ALL and P_PGID find
 * children; a child killed by a signal is CLD_KILLED with the signal as status. Errors:
 * no WEXITED/WSTOPPED/WCONTINUED in the options is EINVAL, an unknown idtype EINVAL, and
 * with no children ECHILD. */
#include "contract.h"
#include "threads.h"

static const char* cld(int code) {
    return code == CLD_EXITED   ? "CLD_EXITED"
           : code == CLD_KILLED ? "CLD_KILLED"
           : code == CLD_DUMPED ? "CLD_DUMPED"
                                : "other";
}

static void report(const char* label, int r, siginfo_t* si, pid_t pid) {
    if (r != 0) printf("%s: -1 %s\n", label, errname(errno));
    else if (si->si_pid == 0) printf("%s: 0, nothing yet\n", label);
    else
        printf("%s: %s, status %d, pid %s\n", label, cld(si->si_code), si->si_status,
               si->si_pid == pid ? "right" : "wrong");
    contract_observe((unsigned)si->si_status);
}

int main(void) {
    siginfo_t si;
    int code = (int)contract_range(0, 255);
    pid_t pid = fork_flushed();
    if (pid == 0) _exit(code);
    memset(&si, 0, sizeof si);
    report("waitid(P_PID, WEXITED|WNOWAIT)", waitid(P_PID, (id_t)pid, &si, WEXITED | WNOWAIT), &si,
           pid);
    memset(&si, 0, sizeof si);
    report("again, WEXITED", waitid(P_PID, (id_t)pid, &si, WEXITED), &si, pid);
    volatile int* go = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    pid = fork_flushed();
    if (pid == 0) {
        flag_wait(go, 1);
        _exit(code ^ 1);
    }
    memset(&si, 0xff, sizeof si);
    report("waitid(P_ALL, WEXITED|WNOHANG), running", waitid(P_ALL, 0, &si, WEXITED | WNOHANG), &si,
           pid);
    flag_set(go, 1);
    memset(&si, 0, sizeof si);
    report("waitid(P_PGID 0, WEXITED)", waitid(P_PGID, 0, &si, WEXITED), &si, pid);
    pid = fork_flushed();
    if (pid == 0) {
        raise(SIGKILL);
        _exit(0);
    }
    memset(&si, 0, sizeof si);
    report("waitid(P_ALL), killed child", waitid(P_ALL, 0, &si, WEXITED), &si, pid);
    printf("  status is SIGKILL: %s\n", si.si_status == SIGKILL ? "yes" : "no");
    SHOW("waitid(no WEXITED)", waitid(P_ALL, 0, &si, WNOHANG));
    SHOW("waitid(idtype 9)", syscall(SYS_waitid, 9, 0, &si, WEXITED, NULL));
    SHOW("waitid(no children)", waitid(P_ALL, 0, &si, WEXITED));
    contract_token();
    return 0;
}
