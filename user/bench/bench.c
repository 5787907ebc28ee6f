/* user/bench/bench.c — the benchmark program: runs every figure and prints its median.
 *
 *   bench [smoke|full] [--boot-tsc TICKS]
 *
 * smoke: one short round per figure (make bench-smoke); full: a warm-up round and
 * five timed rounds, the median printed. Output, one line each:
 *
 *   bench-plan NAME...          the figures this run will print, first
 *   bench NAME=VALUE            a figure: ns per operation, or the unit in its name
 *   bench-info NAME=VALUE       context that is not compared (clock checks)
 *   bench-error NAME: WHY       a figure that could not be measured ("unsupported: ..."
 *                               when this kernel lacks what it needs: lab 04's figures)
 *   bench-done                  the end
 *
 * Besides the figures of sys/proc/mem, it checks the clock against the time-stamp
 * counter: clock_tsc_mhz is TSC ticks per microsecond of CLOCK_MONOTONIC across a
 * sleep (the same on both kernels when our clock is sane), and with --boot-tsc (the
 * TSC that bench-init read first thing) boot_init_ms is the time from power-on to the
 * first instruction of PID 1, GRUB included.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"

int bench_rounds = 5;

uint64_t bench_now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

void bench_say(const char* text) {
    size_t n = strlen(text);
    while (n > 0) {
        ssize_t w = write(1, text, n);
        if (w <= 0) return;
        text += w;
        n -= (size_t)w;
    }
}

void bench_report(const char* name, double value) {
    char line[160];
    snprintf(line, sizeof line, "bench %s=%.1f\n", name, value);
    bench_say(line);
}

void bench_error(const char* name, const char* why) {
    char line[200];
    snprintf(line, sizeof line, "bench-error %s: %s\n", name, why);
    bench_say(line);
}

double bench_median(double* v, int n) {
    for (int i = 1; i < n; ++i)
        for (int j = i; j > 0 && v[j - 1] > v[j]; --j) {
            double t = v[j];
            v[j] = v[j - 1];
            v[j - 1] = t;
        }
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static const struct figure* const groups[] = {sys_figures, proc_figures, mem_figures,
                                              thread_figures};
#define NGROUPS (int)(sizeof groups / sizeof groups[0])

static void run_figure(const struct figure* f, int smoke) {
    long n = smoke ? f->n_smoke : f->n_full;
    long warm = n / 10 > 0 ? n / 10 : 1;
    const char* why = f->probe ? f->probe() : 0;
    if (why) {
        bench_error(f->name, why);
        return;
    }
    if (f->round(warm) < 0) { /* warm-up: caches, page tables, lazy set-up */
        bench_error(f->name, "the warm-up round failed");
        return;
    }
    double v[16];
    for (int r = 0; r < bench_rounds; ++r) {
        v[r] = f->round(n);
        if (v[r] < 0) {
            bench_error(f->name, "a timed round failed");
            return;
        }
    }
    bench_report(f->name, bench_median(v, bench_rounds));
}

/* TSC ticks per microsecond of CLOCK_MONOTONIC across a sleep of @ms. */
static double tsc_mhz(int ms) {
    struct timespec req = {0, (long)ms * 1000000L};
    uint64_t t0 = bench_now_ns(), c0 = bench_rdtsc();
    nanosleep(&req, NULL);
    uint64_t t1 = bench_now_ns(), c1 = bench_rdtsc();
    return t1 > t0 ? (double)(c1 - c0) * 1000.0 / (double)(t1 - t0) : -1;
}

/* Consecutive readings that went backwards (must be none). */
static long clock_backwards(long n) {
    long bad = 0;
    uint64_t last = bench_now_ns();
    for (long i = 0; i < n; ++i) {
        uint64_t t = bench_now_ns();
        if (t < last) ++bad;
        last = t;
    }
    return bad;
}

int main(int argc, char** argv) {
    int smoke = 0;
    unsigned long long boot_tsc = 0;
    for (int i = 1; i < argc; ++i) {
        if (!strcmp(argv[i], "smoke")) smoke = 1;
        else if (!strcmp(argv[i], "full")) smoke = 0;
        else if (!strcmp(argv[i], "--boot-tsc") && i + 1 < argc)
            boot_tsc = strtoull(argv[++i], NULL, 10);
    }
    if (smoke) bench_rounds = 1;

    char line[2048];
    size_t len = (size_t)snprintf(line, sizeof line, "bench-plan clock_tsc_mhz%s",
                                  boot_tsc ? " boot_init_ms" : "");
    for (int g = 0; g < NGROUPS; ++g)
        for (const struct figure* f = groups[g]; f->name; ++f)
            if (len < sizeof line)
                len += (size_t)snprintf(line + len, sizeof line - len, " %s", f->name);
    bench_say(line);
    bench_say("\n");

    double mhz = tsc_mhz(smoke ? 50 : 200);
    if (mhz > 0) bench_report("clock_tsc_mhz", mhz);
    else bench_error("clock_tsc_mhz", "CLOCK_MONOTONIC did not advance across a sleep");
    if (boot_tsc && mhz > 0) bench_report("boot_init_ms", (double)boot_tsc / mhz / 1000.0);
    snprintf(line, sizeof line, "bench-info clock_backwards=%ld\n",
             clock_backwards(smoke ? 1000 : 20000));
    bench_say(line);

    for (int g = 0; g < NGROUPS; ++g)
        for (const struct figure* f = groups[g]; f->name; ++f) run_figure(f, smoke);
    bench_say("bench-done\n");
    return 0;
}
