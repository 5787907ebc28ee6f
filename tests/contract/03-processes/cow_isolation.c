/* Contract: after fork, parent and child each see their own copy of every private
 * page — initialized data, bss, heap (malloc), stack and anonymous mmap — holding the
 * values of the moment of fork; writes by the child are invisible to the parent.
 * Errors: munmap of an unaligned address fails with EINVAL. */
#include "contract.h"

#define N (16 * 4096)
static char data_area[N] = {1};
static char bss_area[N];

static unsigned sum(const char* p, size_t n) {
    unsigned s = 0;
    for (size_t i = 0; i < n; ++i) s = s * 31 + (unsigned char)p[i];
    return s;
}

static void fill(char* p, size_t n, char seed) {
    for (size_t i = 0; i < n; ++i) p[i] = (char)(seed + i * 7);
}

int main(void) {
    char stack_area[N];
    char* heap = malloc(N);
    char* anon = mmap(NULL, N, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    char* areas[5] = {data_area, bss_area, heap, stack_area, anon};
    const char* names[5] = {"data", "bss", "heap", "stack", "mmap"};
    unsigned before[5];
    for (int i = 0; i < 5; ++i) {
        fill(areas[i], N, (char)(i + 1));
        before[i] = sum(areas[i], N);
    }
    pid_t pid = fork_flushed();
    if (pid == 0) {
        for (int i = 0; i < 5; ++i) {
            int same = sum(areas[i], N) == before[i];
            fill(areas[i], N, (char)(100 + i)); /* touches every page */
            printf("child: %s had the parent's values: %s, now differs: %s\n", names[i],
                   same ? "yes" : "no", sum(areas[i], N) != before[i] ? "yes" : "no");
        }
        fflush(stdout);
        _exit(0);
    }
    printf("child: %s\n", describe_status(wait_for(pid)));
    for (int i = 0; i < 5; ++i)
        printf("parent: %s unchanged: %s\n", names[i],
               sum(areas[i], N) == before[i] ? "yes" : "no");
    SHOW("munmap(unaligned)", syscall(SYS_munmap, anon + 1, PAGE));
    return 0;
}
