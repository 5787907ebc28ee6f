/* Contract: signal masks are per thread. A thread blocks a signal (from the nonce) and
 * the main thread's mask does not change; a signal sent to the process while the main
 * thread blocks it and the other thread does not is handled by the other thread; a new
 * thread starts with its creator's mask. Errors: rt_sigprocmask with how 3 is EINVAL
 * and SIGKILL/SIGSTOP cannot be blocked (they are dropped from the set). */
#include "contract.h"
#include "threads.h"

static volatile int step;
static volatile long handler_tid, worker_tid;
static volatile unsigned long start_mask;
static int sig;

static void handler(int s) { handler_tid = raw_gettid(); }

static int worker(void* arg) {
    worker_tid = raw_gettid();
    unsigned long old = 0, none = 0;
    raw_syscall(SYS_rt_sigprocmask, SIG_BLOCK, (long)&none, (long)&old, 8, 0, 0);
    start_mask = old;
    unsigned long unblock = 1UL << (sig - 1);
    raw_syscall(SYS_rt_sigprocmask, SIG_UNBLOCK, (long)&unblock, 0, 8, 0, 0);
    flag_set(&step, 1);
    while (handler_tid == 0) {
        struct timespec ts = ms_timeout(1);
        raw_syscall(SYS_nanosleep, (long)&ts, 0, 0, 0, 0, 0);
    }
    return 0;
}

int main(void) {
    static const int pool[] = {SIGUSR1, SIGUSR2, SIGHUP, SIGTERM, SIGINT, SIGALRM};
    sig = pool[contract_range(0, 5)];
    int other = sig == SIGUSR1 ? SIGUSR2 : SIGUSR1;
    handle_and_block(sig, other, handler);
    sigset_t now;
    struct raw_thread t;
    raw_start(&t, THREAD_FLAGS, worker, NULL);
    flag_wait(&step, 1);
    sigprocmask(SIG_BLOCK, NULL, &now);
    printf("main still blocks %s after the thread unblocked it: %s\n", signame(sig),
           sigismember(&now, sig) ? "yes" : "no");
    printf("the thread started with main's mask: %s\n",
           (start_mask >> (sig - 1) & 1) && (start_mask >> (other - 1) & 1) ? "yes" : "no");
    kill(getpid(), sig);
    raw_join(&t);
    printf("kill(process, %s) handled by the thread: %s\n", signame(sig),
           handler_tid == worker_tid ? "yes" : "no");
    sigset_t all;
    sigfillset(&all);
    SHOW("rt_sigprocmask(how 3)", syscall(SYS_rt_sigprocmask, 3, &all, NULL, 8));
    syscall(SYS_rt_sigprocmask, SIG_BLOCK, &all, NULL, 8);
    sigprocmask(SIG_BLOCK, NULL, &now);
    printf("block everything: SIGKILL %s, SIGSTOP %s, %s %s\n",
           sigismember(&now, SIGKILL) ? "blocked" : "not blocked",
           sigismember(&now, SIGSTOP) ? "blocked" : "not blocked", signame(sig),
           sigismember(&now, sig) ? "blocked" : "not blocked");
    sigprocmask(SIG_UNBLOCK, &all, NULL);
    contract_token();
    return 0;
}
