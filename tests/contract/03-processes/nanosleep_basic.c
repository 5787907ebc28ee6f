/* Contract: nanosleep sleeps at least as long as asked (30 ms here, measured on
 * CLOCK_MONOTONIC) and not absurdly longer (under 5 s even on a slow emulator); a zero
 * request returns at once; rem may be NULL. Errors: EINVAL for tv_nsec of one second
 * or negative and for a negative tv_sec, EFAULT for an unmapped request. */
#include "contract.h"
#include <time.h>

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(void) {
    struct timespec req = {0, 30 * 1000 * 1000}, rem = {7, 7};
    double t0 = now();
    SHOW("nanosleep(30 ms)", nanosleep(&req, &rem));
    double dt = now() - t0;
    printf("slept at least 30 ms: %s, under 5 s: %s\n", dt >= 0.030 ? "yes" : "no",
           dt < 5 ? "yes" : "no");
    struct timespec zero = {0, 0};
    SHOW("nanosleep(0)", nanosleep(&zero, NULL));
    struct timespec bad_nsec = {0, 1000000000}, neg_nsec = {0, -1}, neg_sec = {-1, 0};
    SHOW("nanosleep(tv_nsec 1e9)", syscall(SYS_nanosleep, &bad_nsec, NULL));
    SHOW("nanosleep(tv_nsec -1)", syscall(SYS_nanosleep, &neg_nsec, NULL));
    SHOW("nanosleep(tv_sec -1)", syscall(SYS_nanosleep, &neg_sec, NULL));
    SHOW("nanosleep(NULL)", syscall(SYS_nanosleep, NULL, NULL));
    SHOW("nanosleep(unmapped)", syscall(SYS_nanosleep, before_hole(0), NULL));
    return 0;
}
