/* Contract: pending signals per thread and per process. With a signal blocked in every
 * thread, tgkill to one thread makes it pending for that thread only (its rt_sigpending
 * shows it, the main thread's does not); kill to the process makes it pending for all
 * (each thread's rt_sigpending includes the process set). Unblocking in the thread
 * delivers the thread-directed one there. The signals come from the nonce. Errors:
 * rt_sigpending with sigsetsize above 8 is EINVAL. */
#include "contract.h"
#include "threads.h"

static volatile int step;
static volatile int thread_saw_a, thread_saw_b, handled_in_thread;
static volatile long thread_tid;
static int sig_a, sig_b;

static void handler(int sig) {
    if (raw_gettid() == thread_tid) handled_in_thread |= sig == sig_a ? 1 : 2;
}

static int worker(void* arg) {
    thread_tid = raw_gettid();
    flag_set(&step, 1);
    flag_wait(&step, 2);
    unsigned long set = 0;
    raw_syscall(SYS_rt_sigpending, (long)&set, 8, 0, 0, 0, 0);
    thread_saw_a = (set >> (sig_a - 1)) & 1;
    flag_set(&step, 3);
    flag_wait(&step, 4);
    raw_syscall(SYS_rt_sigpending, (long)&set, 8, 0, 0, 0, 0);
    thread_saw_b = (set >> (sig_b - 1)) & 1;
    unsigned long unblock = 1UL << (sig_a - 1);
    raw_syscall(SYS_rt_sigprocmask, SIG_UNBLOCK, (long)&unblock, 0, 8, 0, 0);
    flag_set(&step, 5);
    return 0;
}

int main(void) {
    static const int pool[] = {SIGUSR1, SIGUSR2, SIGHUP, SIGTERM, SIGINT};
    int i = (int)contract_range(0, 4);
    sig_a = pool[i];
    sig_b = pool[(i + contract_range(1, 4)) % 5];
    handle_and_block(sig_a, sig_b, handler);
    struct raw_thread t;
    raw_start(&t, THREAD_FLAGS, worker, NULL);
    flag_wait(&step, 1);
    syscall(SYS_tgkill, getpid(), thread_tid, sig_a);
    flag_set(&step, 2);
    flag_wait(&step, 3);
    sigset_t mine;
    sigpending(&mine);
    printf("tgkill(thread, %s): pending in the thread %s, in main %s\n", signame(sig_a),
           thread_saw_a ? "yes" : "no", sigismember(&mine, sig_a) ? "yes" : "no");
    kill(getpid(), sig_b);
    sigpending(&mine);
    flag_set(&step, 4);
    flag_wait(&step, 5);
    raw_join(&t);
    printf("kill(process, %s): pending in the thread %s, in main %s\n", signame(sig_b),
           thread_saw_b ? "yes" : "no", sigismember(&mine, sig_b) ? "yes" : "no");
    printf("%s handled in the thread after it unblocked: %s\n", signame(sig_a),
           handled_in_thread & 1 ? "yes" : "no");
    sigpending(&mine);
    printf("after the thread's exit, main has pending: %s %s\n",
           sigismember(&mine, sig_a) ? signame(sig_a) : "-",
           sigismember(&mine, sig_b) ? signame(sig_b) : "-");
    SHOW("rt_sigpending(sigsetsize 16)", syscall(SYS_rt_sigpending, &mine, 16));
    SHOW("rt_sigpending(sigsetsize 4)", syscall(SYS_rt_sigpending, &mine, 4));
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, sig_b);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    contract_token();
    return 0;
}
