/* Contract: clock_nanosleep sleeps a relative time on CLOCK_MONOTONIC and
 * CLOCK_REALTIME, sleeps until an absolute MONOTONIC time ahead (TIMER_ABSTIME), and
 * returns at once for an absolute time in the past (1..999 ms ago); the times (10..30 ms
 * each) come from the nonce. Errors (through the raw call): EINVAL for an unknown clock
 * (one chosen from the nonce) and for tv_nsec out of range, EOPNOTSUPP for the thread CPU
 * clock, EFAULT for an unmapped request; a token mixes the nonce with the results. */
#include "contract.h"
#include <time.h>

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(void) {
    long a = (long)contract_range(10, 30), b = (long)contract_range(10, 30);
    long c = (long)contract_range(10, 30);
    struct timespec req_a = {0, a * 1000 * 1000}, req_b = {0, b * 1000 * 1000};
    char label[64];
    double t0 = now();
    snprintf(label, sizeof label, "relative MONOTONIC %ld ms", a);
    SHOW_ERRNUM(label, clock_nanosleep(CLOCK_MONOTONIC, 0, &req_a, NULL));
    snprintf(label, sizeof label, "relative REALTIME %ld ms", b);
    SHOW_ERRNUM(label, clock_nanosleep(CLOCK_REALTIME, 0, &req_b, NULL));
    printf("slept at least %ld ms: %s\n", a + b, now() - t0 >= (a + b) / 1000.0 ? "yes" : "no");
    struct timespec when;
    clock_gettime(CLOCK_MONOTONIC, &when);
    when.tv_nsec += c * 1000 * 1000;
    if (when.tv_nsec >= 1000000000) when.tv_sec += 1, when.tv_nsec -= 1000000000;
    snprintf(label, sizeof label, "absolute MONOTONIC +%ld ms", c);
    SHOW_ERRNUM(label, clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &when, NULL));
    struct timespec after;
    clock_gettime(CLOCK_MONOTONIC, &after);
    printf(
        "woke after the deadline: %s\n",
        after.tv_sec > when.tv_sec || (after.tv_sec == when.tv_sec && after.tv_nsec >= when.tv_nsec)
            ? "yes"
            : "no");
    /* A time 1..999 ms in the past. Taken for a relative time it would sleep about as
     * long as the machine has been up: the call must return before that, a bound that
     * grows with the uptime instead of a fixed second a stall of the host could pass. */
    double ago = (double)contract_range(1, 999) / 1000, past_s = now() - ago;
    if (past_s < 0) past_s = 0;
    struct timespec past = {(time_t)past_s, (long)((past_s - (time_t)past_s) * 1e9)};
    t0 = now();
    SHOW_ERRNUM("absolute in the past",
                clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &past, NULL));
    printf("returned before a relative sleep that long would: %s\n",
           now() - t0 < past_s ? "yes" : "no");
    struct timespec bad = {0, (long)contract_range(1000000000, 1UL << 62)};
    int id = (int)contract_range(16, 0x7fffffff);
    snprintf(label, sizeof label, "clock %d", id);
    SHOW(label, syscall(SYS_clock_nanosleep, id, 0, &req_a, NULL));
    SHOW("THREAD_CPUTIME_ID",
         syscall(SYS_clock_nanosleep, CLOCK_THREAD_CPUTIME_ID, 0, &req_a, NULL));
    snprintf(label, sizeof label, "tv_nsec %ld", bad.tv_nsec);
    SHOW(label, syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, &bad, NULL));
    SHOW("unmapped request",
         syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, before_hole(0), NULL));
    contract_token();
    return 0;
}
