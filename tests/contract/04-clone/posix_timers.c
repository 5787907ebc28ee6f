/* Contract: POSIX timers. timer_create(CLOCK_MONOTONIC, SIGEV_SIGNAL) with a value from
 * the nonce: the expiry queues the signal with si_code SI_TIMER and that value; timer_
 * gettime of a disarmed timer is 0; a periodic timer reads back its interval;
 * SIGEV_THREAD_ID sends the signal to the named thread (a raw thread that records it).
 * timer_delete ends it. Errors: a deleted or unknown timer id is EINVAL, a bad clock
 * EINVAL, SIGEV_THREAD_ID for a tid outside the group EINVAL, tv_nsec of 10^9 EINVAL. */
#include "contract.h"
#include "threads.h"

struct kernel_sigevent {
    long value;
    int signo, notify;
    int tid;
    int pad[11];
};

static volatile int thread_got, step;
static volatile long worker_tid;

static void handler(int sig) {
    if (raw_gettid() == worker_tid) flag_add(&thread_got, 1);
}

static int worker(void* arg) {
    worker_tid = raw_gettid();
    unsigned long unblock = 1UL << (SIGUSR2 - 1);
    raw_syscall(SYS_rt_sigprocmask, SIG_UNBLOCK, (long)&unblock, 0, 8, 0, 0);
    flag_set(&step, 1);
    flag_wait(&thread_got, 1);
    return 0;
}

int main(void) {
    int sig = (int)contract_range(35, 60);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, sig);
    sigaddset(&set, SIGUSR2);
    sigprocmask(SIG_BLOCK, &set, NULL);
    long value = (long)contract_range(1, 1 << 30);
    struct kernel_sigevent ev = {value, sig, SIGEV_SIGNAL, 0, {0}};
    int id = -1;
    SHOW("timer_create(CLOCK_MONOTONIC, SIGEV_SIGNAL)",
         syscall(SYS_timer_create, CLOCK_MONOTONIC, &ev, &id));
    struct itimerspec its = {{0, 0}, {0, (long)contract_range(1, 20) * 1000000L}}, got;
    SHOW("timer_settime", syscall(SYS_timer_settime, id, 0, &its, NULL));
    siginfo_t si;
    struct timespec limit = {10, 0};
    int r = (int)syscall(SYS_rt_sigtimedwait, &set, &si, &limit, 8);
    printf("signal %s: code %s, value %s\n", r == sig ? "came" : "did not come",
           si.si_code == SI_TIMER ? "SI_TIMER" : "other",
           (long)si.si_value.sival_ptr == value ? "ours" : "other");
    syscall(SYS_timer_gettime, id, &got);
    printf("timer_gettime after it fired: %s\n",
           got.it_value.tv_sec == 0 && got.it_value.tv_nsec == 0 ? "disarmed" : "armed");
    struct itimerspec periodic = {{1000, 0}, {1000, 0}};
    syscall(SYS_timer_settime, id, 0, &periodic, NULL);
    syscall(SYS_timer_gettime, id, &got);
    printf("periodic: interval read back %s, value at most 1000 s: %s\n",
           got.it_interval.tv_sec == 1000 && got.it_interval.tv_nsec == 0 ? "yes" : "no",
           got.it_value.tv_sec <= 1000 && (got.it_value.tv_sec > 0 || got.it_value.tv_nsec > 0)
               ? "yes"
               : "no");
    SHOW("timer_delete", syscall(SYS_timer_delete, id));
    SHOW("timer_settime(deleted)", syscall(SYS_timer_settime, id, 0, &its, NULL));
    SHOW("timer_gettime(deleted)", syscall(SYS_timer_gettime, id, &got));
    SHOW("timer_delete(deleted)", syscall(SYS_timer_delete, id));

    signal(SIGUSR2, handler);
    struct raw_thread t;
    raw_start(&t, THREAD_FLAGS, worker, NULL);
    flag_wait(&step, 1);
    struct kernel_sigevent to_thread = {value, SIGUSR2, SIGEV_THREAD_ID, (int)worker_tid, {0}};
    SHOW("timer_create(SIGEV_THREAD_ID)",
         syscall(SYS_timer_create, CLOCK_MONOTONIC, &to_thread, &id));
    its.it_value.tv_nsec = 2000000;
    syscall(SYS_timer_settime, id, 0, &its, NULL);
    raw_join(&t);
    printf("the named thread took it: %s\n", thread_got == 1 ? "yes" : "no");
    syscall(SYS_timer_delete, id);
    int other;
    struct kernel_sigevent outside = {0, SIGUSR2, SIGEV_THREAD_ID, getppid(), {0}};
    SHOW("timer_create(SIGEV_THREAD_ID, tid outside)",
         syscall(SYS_timer_create, CLOCK_MONOTONIC, &outside, &other));
    SHOW("timer_create(clock 99)", syscall(SYS_timer_create, 99, &ev, &other));
    struct kernel_sigevent badnotify = {0, sig, 99, 0, {0}};
    SHOW("timer_create(notify 99)", syscall(SYS_timer_create, CLOCK_MONOTONIC, &badnotify, &other));
    syscall(SYS_timer_create, CLOCK_MONOTONIC, &ev, &other);
    struct itimerspec bad = {{0, 0}, {0, 1000000000L}};
    SHOW("timer_settime(tv_nsec 10^9)", syscall(SYS_timer_settime, other, 0, &bad, NULL));
    SHOW("timer_delete(id from the nonce)",
         syscall(SYS_timer_delete, (int)contract_range(1000, 1 << 30)));
    contract_token();
    return 0;
}
