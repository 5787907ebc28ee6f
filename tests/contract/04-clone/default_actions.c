/* Contract: default actions of the signals a child sends itself (the order from the
 * nonce): SIGQUIT, SIGABRT, SIGILL, SIGTRAP, SIGFPE, SIGBUS, SIGSEGV, SIGSYS, SIGXCPU
 * and SIGXFSZ kill it (their core action: the core bit is left out, it depends on the
 * host's core settings); SIGTERM, SIGINT, SIGHUP, SIGPIPE, SIGALRM, SIGUSR1, SIGPROF,
 * SIGVTALRM and real-time signals kill it; SIGCHLD, SIGURG, SIGWINCH and SIGCONT are
 * ignored; SIGTSTP, SIGTTIN, SIGTTOU and SIGSTOP stop it (wait4 with WUNTRACED says so,
 * and SIGKILL ends it); a blocked signal waits, and an ignored one (SIG_IGN) does nothing.
 * The child's own exit code, when it survives, is from the nonce. */
#include "contract.h"

int main(void) {
    static const int sigs[] = {SIGQUIT, SIGABRT, SIGILL,  SIGTRAP,   SIGFPE,  SIGBUS, SIGSEGV,
                               SIGSYS,  SIGXCPU, SIGXFSZ, SIGTERM,   SIGINT,  SIGHUP, SIGPIPE,
                               SIGALRM, SIGUSR1, SIGPROF, SIGVTALRM, SIGCHLD, SIGURG, SIGWINCH,
                               SIGCONT, SIGTSTP, SIGTTIN, SIGTTOU,   SIGSTOP, 40,     64};
    enum { N = sizeof sigs / sizeof sigs[0] };
    int order[N];
    for (int i = 0; i < N; ++i) order[i] = i;
    for (int i = N; i > 1; --i) {
        int j = (int)contract_range(0, i - 1), t = order[i - 1];
        order[i - 1] = order[j];
        order[j] = t;
    }
    for (int k = 0; k < N; ++k) {
        int sig = sigs[order[k]];
        int code = (int)contract_range(1, 255);
        pid_t pid = fork_flushed();
        if (pid == 0) {
            /* a group of its own, whose parent is in another group of the session: not an
               orphaned group, so SIGTSTP, SIGTTIN and SIGTTOU stop it wherever it runs */
            setpgid(0, 0);
            kill(getpid(), sig);
            _exit(code);
        }
        int st = 0;
        waitpid(pid, &st, WUNTRACED);
        if (WIFSTOPPED(st)) {
            printf("%s: stopped by %s", signame(sig), signame(WSTOPSIG(st)));
            kill(pid, SIGKILL);
            st = wait_for(pid);
            printf(", then %s\n", describe_status(st));
        } else {
            printf("%s: %s%s\n", signame(sig), describe_status(st),
                   WIFEXITED(st) && WEXITSTATUS(st) == code ? " (its own code)" : "");
        }
        contract_observe((unsigned)st);
    }
    for (int how = 0; how < 2; ++how) {
        int code = (int)contract_range(1, 255);
        pid_t pid = fork_flushed();
        if (pid == 0) {
            if (how) {
                signal(SIGTERM, SIG_IGN);
            } else {
                sigset_t s;
                sigemptyset(&s);
                sigaddset(&s, SIGTERM);
                sigprocmask(SIG_BLOCK, &s, NULL);
            }
            kill(getpid(), SIGTERM);
            if (!how) {
                sigset_t p;
                sigpending(&p);
                if (!sigismember(&p, SIGTERM)) _exit(0);
            }
            _exit(code);
        }
        int st = wait_for(pid);
        printf("SIGTERM %s: %s\n", how ? "ignored" : "blocked",
               WIFEXITED(st) && WEXITSTATUS(st) == code ? "survived" : describe_status(st));
    }
    contract_token();
    return 0;
}
