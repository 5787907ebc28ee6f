/* Contract: time, gettimeofday and clock_gettime(CLOCK_REALTIME) tell the same time:
 * each value lies between the time() calls made just before and just after it (plus
 * one second: Linux's time() reads a clock updated at each tick, which may not have
 * turned the second yet), however long the machine stalls between the calls;
 * tv_usec stays below one million, time also stores its result through its pointer,
 * and gettimeofday accepts a NULL or a real timezone pointer. Errors: EFAULT for
 * unmapped pointers (time and gettimeofday), also for ones that run 1..n-1 bytes into
 * an unmapped page. The old value at time's pointer and the bytes in the hole come
 * from the nonce; a token mixes the nonce with the results. */
#include "contract.h"
#include <sys/time.h>
#include <time.h>

/* True when @t lies between the time() readings @before and @after taken around it. */
static int between(long before, long t, long after) { return before <= t && t <= after + 1; }

int main(void) {
    struct timeval tv;
    struct timespec ts;
    time_t t_stored = -(time_t)contract_range(1, 1UL << 62);
    long before = syscall(SYS_time, NULL);
    long r1 = syscall(SYS_gettimeofday, &tv, NULL);
    long t = syscall(SYS_time, &t_stored);
    clock_gettime(CLOCK_REALTIME, &ts);
    long after = syscall(SYS_time, NULL);
    printf("gettimeofday: %ld, time: %s, stored the same: %s\n", r1, t > 0 ? "ok" : "failed",
           t_stored == t ? "yes" : "no");
    printf("tv_usec below a million: %s\n", tv.tv_usec >= 0 && tv.tv_usec < 1000000 ? "yes" : "no");
    printf("they agree: %s\n", between(before, tv.tv_sec, t) && before <= t && t <= after &&
                                       between(t, ts.tv_sec, after)
                                   ? "yes"
                                   : "no");
    struct timezone tz = {-1, -1};
    SHOW("gettimeofday(NULL, &tz)", syscall(SYS_gettimeofday, NULL, &tz));
    SHOW("gettimeofday(NULL, NULL)", syscall(SYS_gettimeofday, NULL, NULL));
    before = time(NULL);
    int got = gettimeofday(&tv, NULL);
    after = time(NULL);
    printf("libc gettimeofday and time agree: %s\n",
           got == 0 && between(before, tv.tv_sec, after) ? "yes" : "no");
    SHOW("gettimeofday(unmapped)", syscall(SYS_gettimeofday, before_hole(0), NULL));
    SHOW("gettimeofday(tz unmapped)", syscall(SYS_gettimeofday, &tv, before_hole(0)));
    SHOW("time(unmapped)", syscall(SYS_time, before_hole(0)));
    size_t tv_in = contract_range(1, sizeof tv - 1), t_in = contract_range(1, sizeof(time_t) - 1);
    char label[64];
    snprintf(label, sizeof label, "gettimeofday(%zu bytes in the hole)", tv_in);
    SHOW(label, syscall(SYS_gettimeofday, (char*)before_hole(sizeof tv) + tv_in, NULL));
    snprintf(label, sizeof label, "time(%zu bytes in the hole)", t_in);
    SHOW(label, syscall(SYS_time, (char*)before_hole(sizeof(time_t)) + t_in));
    contract_token();
    return 0;
}
