/* Contract: clock_gettime works for the common clocks (REALTIME, MONOTONIC,
 * MONOTONIC_RAW, BOOTTIME and the COARSE variants, the process and thread CPU clocks),
 * always with tv_nsec below one second, whatever the buffer held before; MONOTONIC
 * never goes back over 5000..15000 reads; REALTIME is after 2024. Errors: EINVAL for
 * unknown clock ids (16, 0x7fffffff and one in between). The old bytes, the number of
 * reads and the clock id come from the nonce; a token mixes the nonce with the results. */
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
        struct timespec ts = {-1, -(long)contract_range(1, 1UL << 62)};
        long r = syscall(SYS_clock_gettime, clocks[i].id, &ts);
        contract_observe(r == 0 && ts.tv_nsec >= 0 && ts.tv_nsec < 1000000000);
        printf("%s: %s, tv_nsec in range: %s\n", clocks[i].name, r == 0 ? "ok" : errname(errno),
               ts.tv_nsec >= 0 && ts.tv_nsec < 1000000000 ? "yes" : "no");
    }
    struct timespec prev, now;
    clock_gettime(CLOCK_MONOTONIC, &prev);
    int backwards = 0, reads = (int)contract_range(5000, 15000);
    for (int i = 0; i < reads; ++i) {
        clock_gettime(CLOCK_MONOTONIC, &now);
        if (now.tv_sec < prev.tv_sec || (now.tv_sec == prev.tv_sec && now.tv_nsec < prev.tv_nsec))
            backwards = 1;
        prev = now;
    }
    printf("MONOTONIC went backwards over %d reads: %s\n", reads, backwards ? "yes" : "no");
    struct timespec rt;
    clock_gettime(CLOCK_REALTIME, &rt);
    printf("REALTIME after 2024-01-01: %s\n", rt.tv_sec > 1704067200 ? "yes" : "no");
    struct timespec ts;
    int id = (int)contract_range(17, 0x7ffffffe);
    char label[64];
    snprintf(label, sizeof label, "clock_gettime(clock %d)", id);
    SHOW(label, syscall(SYS_clock_gettime, id, &ts));
    SHOW("clock_gettime(clock 16)", syscall(SYS_clock_gettime, 16, &ts));
    SHOW("clock_gettime(clock 0x7fffffff)", syscall(SYS_clock_gettime, 0x7fffffff, &ts));
    contract_token();
    return 0;
}
