/* Contract: after fork, parent and child each see their own copy of every private
 * page — initialized data, bss, heap (malloc), stack and anonymous mmap — holding the
 * values of the moment of fork; writes by the child are invisible to the parent. The
 * bytes come from the nonce, and both print the checksum of what they read.
 * Errors: munmap of an unaligned address fails with EINVAL. */
#include "contract.h"

#define N (16 * 4096)
static char data_area[N] = {1};
static char bss_area[N];

/* FNV-1a of the bytes. */
static unsigned sum(const char* p, size_t n) {
    unsigned s = 2166136261u;
    for (size_t i = 0; i < n; ++i) s = (s ^ (unsigned char)p[i]) * 16777619u;
    return s;
}

/* Bytes seed, seed + step, seed + 2 step, ..., shifted on each page. */
static void fill(char* p, size_t n, unsigned seed, unsigned step) {
    for (size_t i = 0; i < n; ++i) p[i] = (char)(seed + i * step + (i / 4096) * 0x9d);
}

int main(void) {
    char stack_area[N];
    char* heap = malloc(N);
    char* anon = mmap(NULL, N, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    char* areas[5] = {data_area, bss_area, heap, stack_area, anon};
    const char* names[5] = {"data", "bss", "heap", "stack", "mmap"};
    unsigned before[5], child_seed[5], child_step[5];
    for (int i = 0; i < 5; ++i) {
        fill(areas[i], N, (unsigned)contract_random(), (unsigned)contract_range(1, 255) | 1);
        before[i] = sum(areas[i], N);
        child_seed[i] = (unsigned)contract_random();
        child_step[i] = (unsigned)contract_range(1, 255) | 1;
    }
    pid_t pid = fork_flushed();
    if (pid == 0) {
        for (int i = 0; i < 5; ++i) {
            unsigned seen = sum(areas[i], N);
            fill(areas[i], N, child_seed[i], child_step[i]); /* touches every page */
            unsigned now = sum(areas[i], N);
            printf("child: %s had the parent's values: %s (sum %08x), now differs: %s\n", names[i],
                   seen == before[i] ? "yes" : "no", seen, now != seen ? "yes" : "no");
        }
        fflush(stdout);
        _exit(0);
    }
    printf("child: %s\n", describe_status(wait_for(pid)));
    for (int i = 0; i < 5; ++i) {
        unsigned now = sum(areas[i], N);
        printf("parent: %s unchanged: %s (sum %08x)\n", names[i], now == before[i] ? "yes" : "no",
               now);
    }
    SHOW("munmap(unaligned)", syscall(SYS_munmap, anon + 1 + contract_range(0, PAGE - 2), PAGE));
    return 0;
}
