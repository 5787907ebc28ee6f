/* Contract: signals to a zombie. A child has exited (waitid with WNOWAIT proves it, and
 * leaves it unreaped) with a code from the nonce: kill with signal 0 and with SIGKILL,
 * tgkill, tkill and rt_sigqueueinfo to it give what Linux gives, and none of them changes
 * its status: wait4 then reaps it with its own exit code. Errors: after the reap, all of
 * them are ESRCH. */
#include "contract.h"

static void all(const char* when, pid_t pid) {
    char label[64];
    siginfo_t si;
    memset(&si, 0, sizeof si);
    si.si_code = SI_QUEUE;
    snprintf(label, sizeof label, "%s: kill(0)", when);
    SHOW(label, kill(pid, 0));
    snprintf(label, sizeof label, "%s: kill(SIGKILL)", when);
    SHOW(label, kill(pid, SIGKILL));
    snprintf(label, sizeof label, "%s: tgkill(SIGTERM)", when);
    SHOW(label, syscall(SYS_tgkill, pid, pid, SIGTERM));
    snprintf(label, sizeof label, "%s: tkill(SIGUSR1)", when);
    SHOW(label, syscall(SYS_tkill, pid, SIGUSR1));
    snprintf(label, sizeof label, "%s: rt_sigqueueinfo(SIGUSR2)", when);
    SHOW(label, syscall(SYS_rt_sigqueueinfo, pid, SIGUSR2, &si));
}

int main(void) {
    int code = (int)contract_range(0, 255);
    pid_t pid = fork_flushed();
    if (pid == 0) _exit(code);
    siginfo_t si;
    memset(&si, 0, sizeof si);
    waitid(P_PID, (id_t)pid, &si, WEXITED | WNOWAIT);
    printf("zombie: exited with %d (code %d)\n", si.si_status, code);
    all("zombie", pid);
    int st;
    SHOW_OK("wait4(zombie)", wait4(pid, &st, 0, NULL));
    printf("its status: %s\n", describe_status(st));
    all("reaped", pid);
    contract_token();
    return 0;
}
