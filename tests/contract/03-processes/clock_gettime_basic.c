/* Contract: clock_gettime works for the common clocks (REALTIME, MONOTONIC,
 * MONOTONIC_RAW, BOOTTIME and the COARSE variants, the process and thread CPU clocks),
 * always with tv_nsec below one second; MONOTONIC never goes back over 10000 reads;
 * REALTIME is after 2024. Errors: EINVAL for unknown clock ids. */
#include "contract.h"
#include <time.h>

int main(void) {
    const struct {
        clockid_t id;
        const char* name;
    } clocks[] = {
        {CLOCK_REALTIME, "REALTIME"},
        {CLOCK_MONOTONIC, "MONOTONIC"},
        {CLOCK_MONOTONIC_RAW, "MONOTONIC_RAW"},
        {CLOCK_BOOTTIME, "BOOTTIME"},
        {CLOCK_REALTIME_COARSE, "REALTIME_COARSE"},
        {CLOCK_MONOTONIC_COARSE, "MONOTONIC_COARSE"},
        {CLOCK_PROCESS_CPUTIME_ID, "PROCESS_CPUTIME_ID"},
        {CLOCK_THREAD_CPUTIME_ID, "THREAD_CPUTIME_ID"},
    };
    for (unsigned i = 0; i < sizeof clocks / sizeof clocks[0]; ++i) {
        struct timespec ts = {-1, -1};
        long r = syscall(SYS_clock_gettime, clocks[i].id, &ts);
        printf("%s: %s, tv_nsec in range: %s\n", clocks[i].name, r == 0 ? "ok" : errname(errno),
               ts.tv_nsec >= 0 && ts.tv_nsec < 1000000000 ? "yes" : "no");
    }
    struct timespec prev, now;
    clock_gettime(CLOCK_MONOTONIC, &prev);
    int backwards = 0;
    for (int i = 0; i < 10000; ++i) {
        clock_gettime(CLOCK_MONOTONIC, &now);
        if (now.tv_sec < prev.tv_sec || (now.tv_sec == prev.tv_sec && now.tv_nsec < prev.tv_nsec))
            backwards = 1;
        prev = now;
    }
    printf("MONOTONIC went backwards: %s\n", backwards ? "yes" : "no");
    struct timespec rt;
    clock_gettime(CLOCK_REALTIME, &rt);
    printf("REALTIME after 2024-01-01: %s\n", rt.tv_sec > 1704067200 ? "yes" : "no");
    struct timespec ts;
    SHOW("clock_gettime(clock 100)", syscall(SYS_clock_gettime, 100, &ts));
    SHOW("clock_gettime(clock 16)", syscall(SYS_clock_gettime, 16, &ts));
    SHOW("clock_gettime(clock 0x7fffffff)", syscall(SYS_clock_gettime, 0x7fffffff, &ts));
    return 0;
}
