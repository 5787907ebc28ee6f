/* Contract: nanosleep sleeps at least as long as asked (10..50 ms here, chosen from the
 * nonce, measured on CLOCK_MONOTONIC) and not absurdly longer (under 5 s even on a slow
 * emulator); a zero request returns at once; rem may be NULL. Errors: EINVAL for a
 * tv_nsec of one second or more or negative and for a negative tv_sec (values chosen
 * from the nonce), EFAULT for a NULL or unmapped request; a token mixes the nonce with
 * the results. */
#include "contract.h"
#include <time.h>

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(void) {
    long ms = (long)contract_range(10, 50);
    struct timespec req = {0, ms * 1000 * 1000}, rem = {7, 7};
    char label[64];
    double t0 = now();
    snprintf(label, sizeof label, "nanosleep(%ld ms)", ms);
    SHOW(label, nanosleep(&req, &rem));
    double dt = now() - t0;
    printf("slept at least %ld ms: %s, under 5 s: %s\n", ms, dt >= ms / 1000.0 ? "yes" : "no",
           dt < 5 ? "yes" : "no");
    struct timespec zero = {0, 0};
    SHOW("nanosleep(0)", nanosleep(&zero, NULL));
    struct timespec bad_nsec = {0, (long)contract_range(1000000000, 1UL << 62)};
    struct timespec neg_nsec = {0, -(long)contract_range(1, 1UL << 62)};
    struct timespec neg_sec = {-(long)contract_range(1, 1UL << 62), 0};
    snprintf(label, sizeof label, "nanosleep(tv_nsec %ld)", bad_nsec.tv_nsec);
    SHOW(label, syscall(SYS_nanosleep, &bad_nsec, NULL));
    snprintf(label, sizeof label, "nanosleep(tv_nsec %ld)", neg_nsec.tv_nsec);
    SHOW(label, syscall(SYS_nanosleep, &neg_nsec, NULL));
    snprintf(label, sizeof label, "nanosleep(tv_sec %ld)", (long)neg_sec.tv_sec);
    SHOW(label, syscall(SYS_nanosleep, &neg_sec, NULL));
    SHOW("nanosleep(NULL)", syscall(SYS_nanosleep, NULL, NULL));
    SHOW("nanosleep(unmapped)", syscall(SYS_nanosleep, before_hole(0), NULL));
    contract_token();
    return 0;
}
