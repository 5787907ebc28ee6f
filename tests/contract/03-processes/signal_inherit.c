/* Contract: signal state across fork and execve: a forked child inherits handlers,
 * ignored signals and the blocked mask; execve resets handled signals to SIG_DFL but
 * keeps ignored ones ignored and keeps the blocked mask. Errors: changing SIGKILL's
 * action still fails with EINVAL in the new program. */
#include "ksig.h"

static void handler(int sig) { (void)sig; }

static void report(const char* who) {
    struct ksigaction a, b;
    k_sigaction(SIGUSR1, NULL, &a);
    k_sigaction(SIGUSR2, NULL, &b);
    printf("%s: SIGUSR1 %s, SIGUSR2 %s, blocked %s\n", who,
           a.handler == SIG_DFL   ? "SIG_DFL"
           : a.handler == SIG_IGN ? "SIG_IGN"
                                  : "handler",
           b.handler == SIG_DFL   ? "SIG_DFL"
           : b.handler == SIG_IGN ? "SIG_IGN"
                                  : "handler",
           mask_names(k_blocked()));
}

int main(int argc, char** argv) {
    if (argc > 1 && strcmp(argv[1], "--exec") == 0) {
        report("after execve");
        struct ksigaction a = {SIG_IGN, 0, 0, 0};
        SHOW("after execve: rt_sigaction(SIGKILL, SIG_IGN)", k_sigaction(SIGKILL, &a, NULL));
        return 0;
    }
    signal(SIGUSR1, handler);
    signal(SIGUSR2, SIG_IGN);
    unsigned long set = KBIT(SIGHUP) | KBIT(SIGTERM);
    k_sigprocmask(SIG_BLOCK, &set, NULL);
    report("parent");
    pid_t pid = fork_flushed();
    if (pid == 0) {
        report("child");
        fflush(stdout);
        char* args[] = {argv[0], "--exec", NULL};
        execve(self_path(), args, environ);
        _exit(1);
    }
    printf("child: %s\n", describe_status(wait_for(pid)));
    return 0;
}
