/* Contract: clock_nanosleep sleeps a relative 20 ms on CLOCK_MONOTONIC and
 * CLOCK_REALTIME, sleeps until an absolute MONOTONIC time 20 ms ahead (TIMER_ABSTIME),
 * and returns at once for an absolute time in the past. Errors (through the raw call):
 * EINVAL for an unknown clock and for tv_nsec out of range, EOPNOTSUPP for the thread
 * CPU clock, EFAULT for an unmapped request. */
#include "contract.h"
#include <time.h>

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(void) {
    struct timespec req = {0, 20 * 1000 * 1000};
    double t0 = now();
    SHOW_ERRNUM("relative MONOTONIC 20 ms", clock_nanosleep(CLOCK_MONOTONIC, 0, &req, NULL));
    SHOW_ERRNUM("relative REALTIME 20 ms", clock_nanosleep(CLOCK_REALTIME, 0, &req, NULL));
    printf("slept at least 40 ms: %s\n", now() - t0 >= 0.040 ? "yes" : "no");
    struct timespec when;
    clock_gettime(CLOCK_MONOTONIC, &when);
    when.tv_nsec += 20 * 1000 * 1000;
    if (when.tv_nsec >= 1000000000) when.tv_sec += 1, when.tv_nsec -= 1000000000;
    SHOW_ERRNUM("absolute MONOTONIC +20 ms",
                clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &when, NULL));
    struct timespec after;
    clock_gettime(CLOCK_MONOTONIC, &after);
    printf(
        "woke after the deadline: %s\n",
        after.tv_sec > when.tv_sec || (after.tv_sec == when.tv_sec && after.tv_nsec >= when.tv_nsec)
            ? "yes"
            : "no");
    struct timespec past = {0, 1};
    t0 = now();
    SHOW_ERRNUM("absolute in the past",
                clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &past, NULL));
    printf("returned within 1 s: %s\n", now() - t0 < 1 ? "yes" : "no");
    struct timespec bad = {0, 1000000000};
    SHOW("clock 100", syscall(SYS_clock_nanosleep, 100, 0, &req, NULL));
    SHOW("THREAD_CPUTIME_ID", syscall(SYS_clock_nanosleep, CLOCK_THREAD_CPUTIME_ID, 0, &req, NULL));
    SHOW("tv_nsec 1e9", syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, &bad, NULL));
    SHOW("unmapped request",
         syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, before_hole(0), NULL));
    return 0;
}
