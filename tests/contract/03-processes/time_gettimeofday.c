/* Contract: time, gettimeofday and clock_gettime(CLOCK_REALTIME) tell the same time
 * (within two seconds of each other), tv_usec stays below one million, time also
 * stores its result through its pointer, and gettimeofday accepts a NULL or a real
 * timezone pointer. Errors: EFAULT for unmapped pointers (time and gettimeofday), also
 * for ones that run 1..n-1 bytes into an unmapped page. The old value at time's pointer
 * and the bytes in the hole come from the nonce; a token mixes the nonce with the
 * results. */
#include "contract.h"
#include <sys/time.h>
#include <time.h>

int main(void) {
    struct timeval tv;
    struct timespec ts;
    time_t t_stored = -(time_t)contract_range(1, 1UL << 62);
    long r1 = syscall(SYS_gettimeofday, &tv, NULL);
    long t = syscall(SYS_time, &t_stored);
    clock_gettime(CLOCK_REALTIME, &ts);
    printf("gettimeofday: %ld, time: %s, stored the same: %s\n", r1, t > 0 ? "ok" : "failed",
           t_stored == t ? "yes" : "no");
    printf("tv_usec below a million: %s\n", tv.tv_usec >= 0 && tv.tv_usec < 1000000 ? "yes" : "no");
    printf("they agree within 2 s: %s\n",
           labs(tv.tv_sec - t) <= 2 && labs(ts.tv_sec - t) <= 2 ? "yes" : "no");
    struct timezone tz = {-1, -1};
    SHOW("gettimeofday(NULL, &tz)", syscall(SYS_gettimeofday, NULL, &tz));
    SHOW("gettimeofday(NULL, NULL)", syscall(SYS_gettimeofday, NULL, NULL));
    printf("libc gettimeofday and time agree: %s\n",
           gettimeofday(&tv, NULL) == 0 && labs(tv.tv_sec - time(NULL)) <= 2 ? "yes" : "no");
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
