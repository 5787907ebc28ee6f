/* Contract: stop and continue. A child (in a process group of its own, so stop signals
 * act) stops itself with a signal from the nonce: wait4 with WUNTRACED reports it stopped
 * by that signal, and the parent gets SIGCHLD with CLD_STOPPED; SIGCONT resumes it:
 * wait4 with WCONTINUED reports it continued, SIGCHLD comes with CLD_CONTINUED; a stop
 * already reported is not reported twice (WNOHANG gives 0). Then it exits with a code from
 * the nonce: CLD_EXITED. waitid with WSTOPPED|WCONTINUED sees the same. */
#include "contract.h"
#include <time.h>

static const char* cld(int code) {
    return code == CLD_STOPPED     ? "CLD_STOPPED"
           : code == CLD_CONTINUED ? "CLD_CONTINUED"
           : code == CLD_EXITED    ? "CLD_EXITED"
           : code == CLD_KILLED    ? "CLD_KILLED"
                                   : "other";
}

static void chld_info(void) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGCHLD);
    siginfo_t si;
    struct timespec ts = {5, 0};
    int r = (int)syscall(SYS_rt_sigtimedwait, &set, &si, &ts, 8);
    if (r == SIGCHLD) printf("  SIGCHLD: %s, status %d\n", cld(si.si_code), si.si_status);
    else printf("  SIGCHLD: none\n");
}

int main(void) {
    static const int stops[] = {SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU};
    int stop = stops[contract_range(0, 3)];
    int code = (int)contract_range(0, 255);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGCHLD);
    sigprocmask(SIG_BLOCK, &set, NULL);
    volatile int* go = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    pid_t pid = fork_flushed();
    if (pid == 0) {
        setpgid(0, 0);
        kill(getpid(), stop);
        while (!*go) {
            struct timespec ts = {0, 1000000};
            nanosleep(&ts, NULL);
        }
        _exit(code);
    }
    int st = 0;
    waitpid(pid, &st, WUNTRACED);
    printf("wait4(WUNTRACED): %s by %s\n", WIFSTOPPED(st) ? "stopped" : "not stopped",
           signame(WSTOPSIG(st)));
    chld_info();
    SHOW("wait4(WUNTRACED|WNOHANG) again", waitpid(pid, &st, WUNTRACED | WNOHANG));
    kill(pid, SIGCONT);
    siginfo_t si;
    memset(&si, 0, sizeof si);
    waitid(P_PID, (id_t)pid, &si, WCONTINUED | WNOWAIT);
    printf("waitid(WCONTINUED|WNOWAIT): %s\n", cld(si.si_code));
    waitpid(pid, &st, WCONTINUED);
    printf("wait4(WCONTINUED): %s\n", WIFCONTINUED(st) ? "continued" : "other");
    chld_info();
    *go = 1;
    memset(&si, 0, sizeof si);
    waitid(P_PID, (id_t)pid, &si, WEXITED);
    printf("waitid(WEXITED): %s, status %d (code %d)\n", cld(si.si_code), si.si_status, code);
    chld_info();
    contract_token();
    return 0;
}
