/* Contract: a fatal signal ends the whole thread group. In a forked process with several
 * threads (a number from the nonce), a signal whose default action terminates, sent with
 * tgkill to one non-leader thread, kills the process: the parent sees that signal; the
 * same for a fault in one thread (SIGSEGV), and for SIGKILL sent to one thread. */
#include "contract.h"
#include "threads.h"

static volatile int ready;

static int idle(void* arg) {
    flag_add(&ready, 1);
    static volatile int never;
    for (;;) raw_futex(&never, FUTEX_WAIT, 0, NULL, NULL, 0);
    return 0;
}

static int faulter(void* arg) {
    *(volatile int*)KERNEL_ADDR = 1;
    return 0;
}

static const char* run(int sig, int fault) {
    int n = (int)contract_range(2, 8);
    pid_t pid = fork_flushed();
    if (pid == 0) {
        struct raw_thread t[8];
        long last = 0;
        for (int i = 0; i < n; ++i) last = raw_start(&t[i], THREAD_FLAGS, idle, NULL);
        flag_wait(&ready, n);
        if (fault) raw_start(&t[0], THREAD_FLAGS, faulter, NULL);
        else syscall(SYS_tgkill, getpid(), last, sig);
        static volatile int never;
        for (;;) raw_futex(&never, FUTEX_WAIT, 0, NULL, NULL, 0);
    }
    return describe_status(wait_for(pid));
}

int main(void) {
    printf("tgkill(thread, SIGTERM): %s\n", run(SIGTERM, 0));
    printf("tgkill(thread, SIGUSR2): %s\n", run(SIGUSR2, 0));
    printf("tgkill(thread, SIGKILL): %s\n", run(SIGKILL, 0));
    printf("a thread faults: %s\n", run(0, 1));
    contract_token();
    return 0;
}
