/* Contract: signal state across fork and execve. A forked child inherits the mask and the
 * handlers but not the pending signals; execve keeps the mask, the pending signals and
 * SIG_IGN dispositions, and resets handlers to SIG_DFL. Which signals are involved comes
 * from the nonce; the re-executed program reports what it finds. */
#include "contract.h"

static void handler(int sig) {}

int main(int argc, char** argv) {
    if (argc > 2 && strcmp(argv[1], "--after-exec") == 0) {
        int blocked = 0, ignored = 0, handled = 0;
        sscanf(argv[2], "%d,%d,%d", &blocked, &ignored, &handled);
        sigset_t m, p;
        sigprocmask(SIG_BLOCK, NULL, &m);
        sigpending(&p);
        struct sigaction a, b;
        sigaction(ignored, NULL, &a);
        sigaction(handled, NULL, &b);
        printf("after execve: %s blocked %s, pending %s; %s %s; %s %s\n", signame(blocked),
               sigismember(&m, blocked) ? "yes" : "no", sigismember(&p, blocked) ? "yes" : "no",
               signame(ignored), a.sa_handler == SIG_IGN ? "SIG_IGN" : "SIG_DFL", signame(handled),
               b.sa_handler == SIG_DFL ? "SIG_DFL" : "a handler");
        /* Six choices of signals only: the token makes every nonce print its own output. */
        contract_observe((unsigned long long)(blocked << 16 | ignored << 8 | handled));
        contract_token();
        return 0;
    }
    static const int pool[] = {SIGUSR1, SIGUSR2, SIGHUP, SIGTERM, SIGINT, SIGALRM};
    int i = (int)contract_range(0, 5);
    int blocked = pool[i], ignored = pool[(i + 1) % 6], handled = pool[(i + 2) % 6];
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, blocked);
    sigprocmask(SIG_BLOCK, &set, NULL);
    signal(ignored, SIG_IGN);
    signal(handled, handler);
    kill(getpid(), blocked);
    pid_t pid = fork_flushed();
    if (pid == 0) {
        sigset_t m, p;
        sigprocmask(SIG_BLOCK, NULL, &m);
        sigpending(&p);
        struct sigaction b;
        sigaction(handled, NULL, &b);
        printf("forked child: %s blocked %s, pending %s; %s %s\n", signame(blocked),
               sigismember(&m, blocked) ? "yes" : "no", sigismember(&p, blocked) ? "yes" : "no",
               signame(handled), b.sa_handler == handler ? "inherited" : "lost");
        fflush(stdout);
        _exit(0);
    }
    wait_for(pid);
    char sigs[32];
    snprintf(sigs, sizeof sigs, "%d,%d,%d", blocked, ignored, handled);
    char* args[] = {argv[0], "--after-exec", sigs, NULL};
    fflush(stdout);
    return execve(self_path(), args, environ) ? 1 : 0;
}
