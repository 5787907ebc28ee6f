/* user/bench/sys.c — figures of plain system calls: the null syscall and friends.
 *
 *   getppid_ns        the null system call (nothing to do but enter and leave)
 *   clock_gettime_ns  CLOCK_MONOTONIC as libc reads it (Linux: the vDSO, no syscall;
 *                     ours: a system call)
 *   uname_ns          a system call that copies 390 bytes out to the user
 *   sched_yield_ns    entering the scheduler with nothing else to run
 */
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sched.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"

static double per_op(uint64_t t0, long n) { return (double)(bench_now_ns() - t0) / (double)n; }

static double getppid_round(long n) {
    uint64_t t0 = bench_now_ns();
    for (long i = 0; i < n; ++i) syscall(SYS_getppid);
    return per_op(t0, n);
}

static double clock_gettime_round(long n) {
    struct timespec ts;
    uint64_t t0 = bench_now_ns();
    for (long i = 0; i < n; ++i) clock_gettime(CLOCK_MONOTONIC, &ts);
    return per_op(t0, n);
}

static double uname_round(long n) {
    struct utsname u;
    uint64_t t0 = bench_now_ns();
    for (long i = 0; i < n; ++i)
        if (uname(&u) != 0) return -1;
    return per_op(t0, n);
}

static double sched_yield_round(long n) {
    uint64_t t0 = bench_now_ns();
    for (long i = 0; i < n; ++i) sched_yield();
    return per_op(t0, n);
}

const struct figure sys_figures[] = {
    {"getppid_ns", getppid_round, 20000, 2000, 0},
    {"clock_gettime_ns", clock_gettime_round, 20000, 2000, 0},
    {"uname_ns", uname_round, 10000, 1000, 0},
    {"sched_yield_ns", sched_yield_round, 10000, 1000, 0},
    {0, 0, 0, 0, 0},
};
