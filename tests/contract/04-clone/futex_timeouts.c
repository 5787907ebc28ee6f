/* Contract: futex timeouts. FUTEX_WAIT's timeout is relative (it times out with ETIMEDOUT
 * after at least that long, a length from the nonce); FUTEX_WAIT_BITSET's is an absolute
 * CLOCK_MONOTONIC time, or CLOCK_REALTIME with FUTEX_CLOCK_REALTIME, and a time already
 * past returns ETIMEDOUT at once. Errors: tv_nsec of 10^9 or negative, and a negative
 * tv_sec, are EINVAL; FUTEX_CLOCK_REALTIME with FUTEX_WAKE is ENOSYS; a timeout in unmapped
 * memory is EFAULT. */
#include "contract.h"
#include "threads.h"

static long long ns(clockid_t c) {
    struct timespec ts;
    clock_gettime(c, &ts);
    return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(void) {
    static volatile int word;
    long ms = (long)contract_range(10, 60);
    struct timespec rel = ms_timeout(ms);
    long long t0 = ns(CLOCK_MONOTONIC);
    char label[96];
    snprintf(label, sizeof label, "FUTEX_WAIT(relative %ld ms)", ms);
    SHOW(label, syscall(SYS_futex, &word, FUTEX_WAIT, 0, &rel, NULL, 0));
    printf("waited at least %ld ms: %s\n", ms,
           ns(CLOCK_MONOTONIC) - t0 >= ms * 1000000LL ? "yes" : "no");

    struct timespec abs;
    clock_gettime(CLOCK_MONOTONIC, &abs);
    abs.tv_nsec += ms * 1000000L;
    if (abs.tv_nsec >= 1000000000L) abs.tv_sec++, abs.tv_nsec -= 1000000000L;
    SHOW("WAIT_BITSET(absolute monotonic)",
         syscall(SYS_futex, &word, FUTEX_WAIT_BITSET, 0, &abs, NULL, FUTEX_BITSET_MATCH_ANY));
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    printf("woke after the deadline: %s\n",
           now.tv_sec > abs.tv_sec || (now.tv_sec == abs.tv_sec && now.tv_nsec >= abs.tv_nsec)
               ? "yes"
               : "no");
    clock_gettime(CLOCK_REALTIME, &abs);
    abs.tv_nsec += ms * 1000000L;
    if (abs.tv_nsec >= 1000000000L) abs.tv_sec++, abs.tv_nsec -= 1000000000L;
    SHOW("WAIT_BITSET|CLOCK_REALTIME(absolute)",
         syscall(SYS_futex, &word, FUTEX_WAIT_BITSET | FUTEX_CLOCK_REALTIME, 0, &abs, NULL,
                 FUTEX_BITSET_MATCH_ANY));
    /* A monotonic time already past: up to a second before now (a guest's monotonic clock
     * starts at its boot, so a fixed small time is not past there before it has run that
     * long). */
    struct timespec past;
    clock_gettime(CLOCK_MONOTONIC, &past);
    long back = (long)contract_range(1, 999) * 1000000L;
    if (past.tv_nsec >= back) past.tv_nsec -= back;
    else if (past.tv_sec > 0) past.tv_sec--, past.tv_nsec += 1000000000L - back;
    else past.tv_nsec = 0;
    SHOW("WAIT_BITSET(deadline in the past)",
         syscall(SYS_futex, &word, FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG, 0, &past, NULL,
                 FUTEX_BITSET_MATCH_ANY));
    struct timespec zero = {0, 0};
    SHOW("FUTEX_WAIT(relative 0)",
         syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, 0, &zero, NULL, 0));
    struct timespec bad1 = {0, 1000000000L}, bad2 = {0, -(long)contract_range(1, 999)},
                    bad3 = {-1, 0};
    SHOW("FUTEX_WAIT(tv_nsec 10^9)", syscall(SYS_futex, &word, FUTEX_WAIT, 0, &bad1, NULL, 0));
    SHOW("FUTEX_WAIT(tv_nsec negative)", syscall(SYS_futex, &word, FUTEX_WAIT, 0, &bad2, NULL, 0));
    SHOW("FUTEX_WAIT(tv_sec -1)", syscall(SYS_futex, &word, FUTEX_WAIT, 0, &bad3, NULL, 0));
    SHOW("FUTEX_WAKE|CLOCK_REALTIME",
         syscall(SYS_futex, &word, FUTEX_WAKE | FUTEX_CLOCK_REALTIME, 1, NULL, NULL, 0));
    SHOW("FUTEX_WAIT(timeout unmapped)",
         syscall(SYS_futex, &word, FUTEX_WAIT, 0, before_hole(0), NULL, 0));
    contract_token();
    return 0;
}
