/* user/bench/mem.c — figures of the address space: page faults, mmap, brk, mprotect.
 *
 *   page_touch_ns        first write to a fresh anonymous page (demand-zero fault), per page
 *   cow_fault_ns         first write by a forked child to a page it shares with its
 *                        parent (copy-on-write fault), per page
 *   mmap_munmap_4k_ns    mmap of one anonymous page, then munmap, untouched
 *   mmap_munmap_1m_ns    the same for 1 MiB
 *   mprotect_ns          one page switched between read-only and read-write
 *   brk_grow_ns          brk raised by one page, untouched (per call)
 *   brk_grow_touch_ns    brk raised by one page and the page written (per page)
 */
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"

#define PAGE 4096L

static double per_op(uint64_t t0, long n) { return (double)(bench_now_ns() - t0) / (double)n; }

static char* map_anon(long bytes, int flags) {
    void* p = mmap(0, (size_t)bytes, PROT_READ | PROT_WRITE, MAP_ANONYMOUS | flags, -1, 0);
    return p == MAP_FAILED ? 0 : (char*)p;
}

static double page_touch_round(long n) {
    char* p = map_anon(n * PAGE, MAP_PRIVATE);
    if (!p) return -1;
    uint64_t t0 = bench_now_ns();
    for (long i = 0; i < n; ++i) ((volatile char*)p)[i * PAGE] = 1;
    double v = per_op(t0, n);
    munmap(p, (size_t)(n * PAGE));
    return v;
}

/* The child times its writes and leaves the result in a shared page. */
static double cow_fault_round(long n) {
    static volatile double* result;
    if (!result && !(result = (volatile double*)map_anon(PAGE, MAP_SHARED))) return -1;
    char* p = map_anon(n * PAGE, MAP_PRIVATE);
    if (!p) return -1;
    for (long i = 0; i < n; ++i) p[i * PAGE] = 1;
    *result = -1;
    pid_t pid = fork();
    if (pid == 0) {
        uint64_t t0 = bench_now_ns();
        for (long i = 0; i < n; ++i) ((volatile char*)p)[i * PAGE] = 2;
        *result = per_op(t0, n);
        _exit(0);
    }
    int status;
    double v = pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) ? *result : -1;
    munmap(p, (size_t)(n * PAGE));
    return v;
}

static double mmap_munmap_round(long n, long bytes) {
    uint64_t t0 = bench_now_ns();
    for (long i = 0; i < n; ++i) {
        char* p = map_anon(bytes, MAP_PRIVATE);
        if (!p || munmap(p, (size_t)bytes) != 0) return -1;
    }
    return per_op(t0, n);
}

static double mmap_4k_round(long n) { return mmap_munmap_round(n, PAGE); }
static double mmap_1m_round(long n) { return mmap_munmap_round(n, 1L << 20); }

static double mprotect_round(long n) {
    char* p = map_anon(PAGE, MAP_PRIVATE);
    if (!p) return -1;
    p[0] = 1;
    uint64_t t0 = bench_now_ns();
    for (long i = 0; i < n; ++i)
        if (mprotect(p, PAGE, i % 2 ? PROT_READ | PROT_WRITE : PROT_READ) != 0) return -1;
    double v = per_op(t0, n);
    munmap(p, PAGE);
    return v;
}

/* brk through the raw system call: libc's allocator must not move it meanwhile. */
static double brk_round(long n, int touch) {
    long base = syscall(SYS_brk, 0);
    uint64_t t0 = bench_now_ns();
    for (long i = 1; i <= n; ++i) {
        long want = base + i * PAGE;
        if (syscall(SYS_brk, want) != want) return -1;
        if (touch) ((volatile char*)want)[-PAGE] = 1;
    }
    double v = per_op(t0, n);
    if (syscall(SYS_brk, base) != base) return -1;
    return v;
}

static double brk_grow_round(long n) { return brk_round(n, 0); }
static double brk_touch_round(long n) { return brk_round(n, 1); }

const struct figure mem_figures[] = {
    {"page_touch_ns", page_touch_round, 4096, 256, 0},
    {"cow_fault_ns", cow_fault_round, 2048, 128, 0},
    {"mmap_munmap_4k_ns", mmap_4k_round, 5000, 500, 0},
    {"mmap_munmap_1m_ns", mmap_1m_round, 2000, 200, 0},
    {"mprotect_ns", mprotect_round, 5000, 500, 0},
    {"brk_grow_ns", brk_grow_round, 2000, 200, 0},
    {"brk_grow_touch_ns", brk_touch_round, 2000, 200, 0},
    {0, 0, 0, 0, 0},
};
