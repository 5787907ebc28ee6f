/* Contract: time, gettimeofday and clock_gettime(CLOCK_REALTIME) tell the same time
 * (within two seconds of each other), tv_usec stays below one million, time also
 * stores its result through its pointer, and gettimeofday accepts a NULL or a real
 * timezone pointer. Errors: EFAULT for unmapped pointers (time and gettimeofday). */
#include "contract.h"
#include <sys/time.h>
#include <time.h>

int main(void) {
    struct timeval tv;
    struct timespec ts;
    time_t t_stored = 0;
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
    return 0;
}
