/* Contract: SIGCHLD dispositions. With SIGCHLD set to SIG_IGN, children are reaped by the
 * kernel: wait4 waits for all of them and then says ECHILD, and no SIGCHLD is pending.
 * SA_NOCLDWAIT does the same with a handler installed, which still runs. SA_NOCLDSTOP:
 * a child that stops sends no SIGCHLD, one that exits does. The number of children is
 * from the nonce. */
#include "contract.h"

static volatile int chld;
static void on_chld(int sig) { ++chld; }

int main(void) {
    int n = (int)contract_range(1, 6);
    signal(SIGCHLD, SIG_IGN);
    for (int i = 0; i < n; ++i)
        if (fork_flushed() == 0) _exit(i);
    int st;
    SHOW("SIG_IGN: wait4(-1)", wait4(-1, &st, 0, NULL));
    struct sigaction sa = {0};
    sa.sa_handler = on_chld;
    sa.sa_flags = SA_NOCLDWAIT | SA_RESTART; /* wait4 goes on through the handler */
    sigaction(SIGCHLD, &sa, NULL);
    for (int i = 0; i < n; ++i)
        if (fork_flushed() == 0) _exit(i);
    SHOW("SA_NOCLDWAIT: wait4(-1)", wait4(-1, &st, 0, NULL));
    printf("handler ran: %s\n", chld > 0 ? "yes" : "no");
    sa.sa_flags = SA_NOCLDSTOP | SA_RESTART;
    sigaction(SIGCHLD, &sa, NULL);
    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGCHLD);
    sigprocmask(SIG_BLOCK, &block, &old);
    pid_t pid = fork_flushed();
    if (pid == 0) {
        setpgid(0, 0);
        raise(SIGSTOP);
        _exit(n);
    }
    waitpid(pid, &st, WUNTRACED);
    sigset_t pend;
    sigpending(&pend);
    printf("SA_NOCLDSTOP: stopped, SIGCHLD pending: %s\n",
           sigismember(&pend, SIGCHLD) ? "yes" : "no");
    kill(pid, SIGCONT);
    waitpid(pid, &st, 0);
    sigpending(&pend);
    printf("after its exit (%s): SIGCHLD pending: %s\n", describe_status(st),
           sigismember(&pend, SIGCHLD) ? "yes" : "no");
    sigprocmask(SIG_SETMASK, &old, NULL);
    contract_token();
    return 0;
}
