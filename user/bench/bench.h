/* user/bench/bench.h — the benchmark harness shared by the figure files.
 *
 * A figure is a function that runs one round of @n operations and returns the time
 * per operation in nanoseconds (CLOCK_MONOTONIC). bench.c runs a warm-up round, then
 * the timed rounds, and prints the median as one machine-readable line:
 *
 *     bench getppid_ns=1234.5
 *
 * tools/bench.py reads those lines from the console of both kernels. A figure that
 * cannot be measured prints "bench-error NAME: reason" instead, and the driver
 * reports it missing.
 */
#ifndef USER_BENCH_BENCH_H
#define USER_BENCH_BENCH_H

#include <stdint.h>

/** One round of @p n operations; returns nanoseconds per operation, < 0 on failure. */
typedef double (*round_fn)(long n);

struct figure {
    const char* name; /* the key printed, e.g. "getppid_ns" */
    round_fn round;
    long n_full;  /* operations per round in a full run */
    long n_smoke; /* ... in the short run of `make bench-smoke` */
    /* Optional: null when this kernel can run the figure, else why not (lab 04's
     * figures try one round in a child first, user/bench/thread.c). */
    const char* (*probe)(void);
};

/* The figures of each file (NULL-name terminated arrays). */
extern const struct figure sys_figures[];
extern const struct figure proc_figures[];
extern const struct figure mem_figures[];
extern const struct figure thread_figures[];

/** Monotonic time in nanoseconds. */
uint64_t bench_now_ns(void);

/** The time-stamp counter. */
static inline uint64_t bench_rdtsc(void) {
    uint32_t lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

/** Writes all of @p text to fd 1 (no stdio buffering: a crash loses nothing). */
void bench_say(const char* text);

/** Prints "bench NAME=VALUE". */
void bench_report(const char* name, double value);

/** Prints "bench-error NAME: WHY". */
void bench_error(const char* name, const char* why);

/** The median of @p n values (sorts them). */
double bench_median(double* values, int n);

/** Rounds per figure in this run (1 in smoke mode); the COW figure uses it. */
extern int bench_rounds;

#endif
