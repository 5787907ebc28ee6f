/* Contract: signal state across fork and execve: a forked child inherits handlers,
 * ignored signals and the blocked mask; execve resets handled signals to SIG_DFL but
 * keeps ignored ones ignored and keeps the blocked mask. Which of SIGUSR1, SIGUSR2,
 * SIGHUP, SIGALRM, SIGTERM and SIGPWR get a handler, SIG_IGN or nothing, and the blocked
 * set, come from the nonce. Errors: changing SIGKILL's action still fails with EINVAL in
 * the new program. */
#include "ksig.h"

static const int SIGS[] = {SIGUSR1, SIGUSR2, SIGHUP, SIGALRM, SIGTERM, SIGPWR};
#define NSIGS (sizeof SIGS / sizeof SIGS[0])

static void handler(int sig) { (void)sig; }

static void report(const char* who) {
    printf("%s:", who);
    for (unsigned i = 0; i < NSIGS; ++i) {
        struct ksigaction a;
        k_sigaction(SIGS[i], NULL, &a);
        printf(" %s %s", signame(SIGS[i]),
               a.handler == SIG_DFL   ? "SIG_DFL"
               : a.handler == SIG_IGN ? "SIG_IGN"
                                      : "handler");
    }
    printf(", blocked %s\n", mask_names(k_blocked()));
}

int main(int argc, char** argv) {
    if (argc > 1 && strcmp(argv[1], "--exec") == 0) {
        report("after execve");
        struct ksigaction a = {SIG_IGN, 0, 0, 0};
        SHOW("after execve: rt_sigaction(SIGKILL, SIG_IGN)", k_sigaction(SIGKILL, &a, NULL));
        return 0;
    }
    for (unsigned i = 0; i < NSIGS; ++i) {
        unsigned long how = contract_range(0, 2);
        if (how) signal(SIGS[i], how == 1 ? handler : SIG_IGN);
    }
    unsigned long set = k_random_set(KSAFE_SIGNALS);
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
