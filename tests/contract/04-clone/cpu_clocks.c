/* Contract: CPU time. After a thread burns CPU (until its own CLOCK_THREAD_CPUTIME_ID has
 * moved by an amount from the nonce), comparisons hold: the process clock is at least the
 * sum of the thread clocks seen, getrusage(RUSAGE_SELF) at least RUSAGE_THREAD, times()
 * not below zero and growing, a child that burns CPU shows it in wait4's rusage and in
 * RUSAGE_CHILDREN; clock_getres of the CPU clocks succeeds; pthread_getcpuclockid gives
 * a clock that reads. No values are printed, only comparisons. Errors: clock_gettime of
 * an invalid clock id is EINVAL. */
#include "contract.h"
#include <pthread.h>
#include <sys/resource.h>
#include <sys/times.h>
#include <time.h>

static long long ns_of(clockid_t c) {
    struct timespec ts;
    clock_gettime(c, &ts);
    return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static volatile unsigned long sink;

static void burn(long long ns) {
    long long start = ns_of(CLOCK_THREAD_CPUTIME_ID);
    while (ns_of(CLOCK_THREAD_CPUTIME_ID) - start < ns)
        for (int i = 0; i < 10000; ++i) sink = sink * 31 + (unsigned)i;
}

static long long usec(struct timeval tv) { return tv.tv_sec * 1000000LL + tv.tv_usec; }

static volatile int probed; /* the worker lives until main has read its clock */

static void* worker(void* arg) {
    burn((long long)(long)arg);
    long long ns = ns_of(CLOCK_THREAD_CPUTIME_ID);
    /* A thread's clock is gone once the thread is (EINVAL): however late main gets to
     * its probe (a loaded host can stall a virtual CPU for seconds), the worker waits. */
    while (!__atomic_load_n(&probed, __ATOMIC_ACQUIRE)) sched_yield();
    return (void*)(long)ns;
}

int main(void) {
    long long amount = (long long)contract_range(20, 60) * 1000000LL;
    struct tms t0, t1;
    clock_t c0 = times(&t0);
    pthread_t t;
    pthread_create(&t, NULL, worker, (void*)(long)amount);
    clockid_t tc;
    printf("pthread_getcpuclockid: %s\n", errname(pthread_getcpuclockid(t, &tc)));
    struct timespec probe;
    printf("its clock reads: %s\n", clock_gettime(tc, &probe) == 0 ? "yes" : "no");
    __atomic_store_n(&probed, 1, __ATOMIC_RELEASE);
    void* r;
    pthread_join(t, &r);
    burn(amount);
    long long thread_ns = (long)r, main_ns = ns_of(CLOCK_THREAD_CPUTIME_ID),
              proc_ns = ns_of(CLOCK_PROCESS_CPUTIME_ID);
    printf("worker's thread clock moved by at least the amount: %s\n",
           thread_ns >= amount ? "yes" : "no");
    printf("process clock >= worker + main thread clocks: %s\n",
           proc_ns >= thread_ns + main_ns ? "yes" : "no");
    struct rusage self, thr, kids;
    getrusage(RUSAGE_SELF, &self);
    getrusage(RUSAGE_THREAD, &thr);
    printf("RUSAGE_SELF >= RUSAGE_THREAD: %s\n",
           usec(self.ru_utime) + usec(self.ru_stime) >= usec(thr.ru_utime) + usec(thr.ru_stime)
               ? "yes"
               : "no");
    printf("RUSAGE_SELF not zero: %s\n",
           usec(self.ru_utime) + usec(self.ru_stime) > 0 ? "yes" : "no");
    clock_t c1 = times(&t1);
    printf("times: elapsed grows %s, user+system grows %s\n", c1 >= c0 ? "yes" : "no",
           t1.tms_utime + t1.tms_stime > t0.tms_utime + t0.tms_stime ? "yes" : "no");
    pid_t pid = fork_flushed();
    if (pid == 0) {
        burn(amount);
        _exit(0);
    }
    struct rusage ru;
    int st;
    wait4(pid, &st, 0, &ru);
    getrusage(RUSAGE_CHILDREN, &kids);
    printf("wait4's rusage of a burning child not zero: %s\n",
           usec(ru.ru_utime) + usec(ru.ru_stime) > 0 ? "yes" : "no");
    printf("RUSAGE_CHILDREN >= that child's: %s\n",
           usec(kids.ru_utime) + usec(kids.ru_stime) >= usec(ru.ru_utime) + usec(ru.ru_stime)
               ? "yes"
               : "no");
    struct timespec res;
    SHOW("clock_getres(PROCESS_CPUTIME)", clock_getres(CLOCK_PROCESS_CPUTIME_ID, &res));
    SHOW("clock_getres(THREAD_CPUTIME)", clock_getres(CLOCK_THREAD_CPUTIME_ID, &res));
    SHOW("clock_gettime(clock 99)", syscall(SYS_clock_gettime, 99, &res));
    contract_observe((unsigned long)amount);
    contract_token();
    return 0;
}
