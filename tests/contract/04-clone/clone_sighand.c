/* Contract: CLONE_SIGHAND shares the signal handlers: a child made with CLONE_VM |
 * CLONE_SIGHAND installs a handler and the parent sees it (and the handler's flags, from
 * the nonce), and a handler the parent installs afterwards is seen by the child; without
 * CLONE_SIGHAND, the child's changes stay its own. Each child reports by its exit code. */
#include "contract.h"
#include "threads.h"

static void handler_a(int sig) {}
static void handler_b(int sig) {}
static volatile int step;

static int installer(void* arg) {
    struct {
        void* handler;
        unsigned long flags;
        void* restorer;
        unsigned long mask;
    } act = {(void*)handler_a, (unsigned long)arg, NULL, 0}, old;
    raw_syscall(SYS_rt_sigaction, SIGUSR1, (long)&act, 0, 8, 0, 0);
    flag_set(&step, 1);
    flag_wait(&step, 2);
    raw_syscall(SYS_rt_sigaction, SIGUSR2, 0, (long)&old, 8, 0, 0);
    return old.handler == (void*)handler_b ? 10 : 20;
}

static void run(const char* label, unsigned long flags) {
    signal(SIGUSR1, SIG_DFL);
    signal(SIGUSR2, SIG_DFL);
    step = 0;
    unsigned long extra = contract_range(0, 1) ? SA_NODEFER : 0;
    extra |= contract_range(0, 1) ? SA_RESETHAND : 0;
    struct raw_thread t;
    pid_t pid = (pid_t)raw_start(&t, flags | CLONE_VM | SIGCHLD, installer, (void*)extra);
    flag_wait(&step, 1);
    struct sigaction old;
    sigaction(SIGUSR1, NULL, &old);
    printf("%s: child's handler seen: %s", label, old.sa_handler == handler_a ? "yes" : "no");
    if (old.sa_handler == handler_a)
        printf(", flags %s%s", old.sa_flags & SA_NODEFER ? "NODEFER " : "",
               old.sa_flags & SA_RESETHAND ? "RESETHAND" : "");
    printf("\n");
    signal(SIGUSR2, handler_b);
    flag_set(&step, 2);
    int st = wait_for(pid);
    printf("%s: parent's handler seen by the child: %s\n", label,
           WEXITSTATUS(st) == 10   ? "yes"
           : WEXITSTATUS(st) == 20 ? "no"
                                   : "?");
    munmap(t.stack, RAW_STACK);
}

int main(void) {
    run("CLONE_SIGHAND", CLONE_SIGHAND);
    run("no CLONE_SIGHAND", 0);
    contract_token();
    return 0;
}
