/* Contract: gettimeofday fills a struct timeval of seconds and microseconds and nothing
 * more: the guard bytes before and after it (from the nonce) stay as they were, tv_usec
 * is below one million, and the time it gives lies between two
 * clock_gettime(CLOCK_REALTIME) readings taken around it, counted in whole microseconds
 * (a kernel that wrote nanoseconds, or a timespec, fails one of these). A struct
 * timezone is two ints: the bytes after it stay too. Errors: EFAULT for a timeval that
 * runs 1..15 bytes into an unmapped page (how far from the nonce). A token mixes the
 * nonce with the results. */
#include "contract.h"
#include <sys/time.h>
#include <time.h>

struct guarded_tv {
    unsigned char before[16];
    struct timeval tv;
    unsigned char after[16];
};

struct guarded_tz {
    struct timezone tz;
    unsigned char after[16];
};

static long long us_of(const struct timespec* ts) {
    return (long long)ts->tv_sec * 1000000 + ts->tv_nsec / 1000;
}

/* Whether the @n bytes at @p all equal @fill. */
static int intact(const unsigned char* p, size_t n, unsigned char fill) {
    for (size_t i = 0; i < n; ++i)
        if (p[i] != fill) return 0;
    return 1;
}

int main(void) {
    unsigned char fill = (unsigned char)contract_range(1, 255);
    int rounds = (int)contract_range(3, 9), in_range = 1, between = 1, guards = 1;
    for (int i = 0; i < rounds; ++i) {
        struct guarded_tv g;
        memset(&g, fill, sizeof g);
        struct timespec lo, hi;
        syscall(SYS_clock_gettime, CLOCK_REALTIME, &lo);
        long r = syscall(SYS_gettimeofday, &g.tv, NULL);
        syscall(SYS_clock_gettime, CLOCK_REALTIME, &hi);
        contract_observe((unsigned long)r);
        long long us = (long long)g.tv.tv_sec * 1000000 + g.tv.tv_usec;
        in_range &= r == 0 && g.tv.tv_usec >= 0 && g.tv.tv_usec < 1000000;
        between &= us_of(&lo) <= us && us <= us_of(&hi);
        guards &= intact(g.before, sizeof g.before, fill) && intact(g.after, sizeof g.after, fill);
    }
    contract_observe((unsigned)(in_range << 2 | between << 1 | guards));
    printf("%d calls: tv_usec below a million: %s\n", rounds, in_range ? "yes" : "no");
    printf("between two CLOCK_REALTIME readings, in microseconds: %s\n", between ? "yes" : "no");
    printf("the bytes around the timeval unchanged: %s\n", guards ? "yes" : "no");

    struct guarded_tz z;
    memset(&z, fill, sizeof z);
    SHOW("gettimeofday(NULL, &tz)", syscall(SYS_gettimeofday, NULL, &z.tz));
    printf("the bytes after the timezone unchanged: %s\n",
           intact(z.after, sizeof z.after, fill) ? "yes" : "no");

    struct timeval tv;
    size_t in = contract_range(1, sizeof tv - 1);
    char label[64];
    snprintf(label, sizeof label, "gettimeofday(%zu bytes in the hole)", in);
    SHOW(label, syscall(SYS_gettimeofday, (char*)before_hole(sizeof tv) + in, NULL));
    contract_token();
    return 0;
}
