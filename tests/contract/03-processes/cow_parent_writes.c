/* Contract: copy-on-write works in both directions: when the parent writes after fork
 * while the child sleeps, the child still reads the values of the moment of fork, and
 * a page written by neither stays shared in content. The page bytes, the parent's new
 * byte and which pages it writes come from the nonce; both print what they read. Errors:
 * mprotect of an unaligned address fails with EINVAL. */
#include "contract.h"
#include <time.h>

#define PAGES 8
static char area[PAGES * 4096];

/* One byte of each page, as hex digits: what this process reads there. */
static const char* page_bytes(void) {
    static char out[PAGES * 3 + 1];
    for (int p = 0; p < PAGES; ++p)
        snprintf(out + 3 * p, 4, "%02x%s", (unsigned char)area[p * 4096 + 100 + p],
                 p + 1 < PAGES ? " " : "");
    return out;
}

int main(void) {
    unsigned char at_fork[PAGES];
    for (int p = 0; p < PAGES; ++p) {
        at_fork[p] = (unsigned char)contract_range(0, 255);
        memset(area + p * 4096, at_fork[p], 4096);
    }
    unsigned written = (unsigned)contract_range(1, (1 << PAGES) - 2); /* not none, not all */
    unsigned char newbyte = (unsigned char)contract_range(0, 255);
    pid_t pid = fork_flushed();
    if (pid == 0) {
        struct timespec ts = {0, 100 * 1000 * 1000};
        nanosleep(&ts, NULL); /* the parent writes meanwhile (or not yet: same result) */
        int intact = 1;
        for (int p = 0; p < PAGES; ++p)
            for (int i = 0; i < 4096; ++i)
                if ((unsigned char)area[p * 4096 + i] != at_fork[p]) intact = 0;
        printf("child sees the values of fork time: %s (%s)\n", intact ? "yes" : "no",
               page_bytes());
        fflush(stdout);
        _exit(intact ? 0 : 1);
    }
    for (int p = 0; p < PAGES; ++p)
        if (written & (1u << p)) memset(area + p * 4096, newbyte, 4096);
    int st = wait_for(pid);
    printf("child: %s\n", describe_status(st));
    int mine = 1;
    for (int p = 0; p < PAGES; ++p)
        if ((unsigned char)area[p * 4096 + 100] != (written & (1u << p) ? newbyte : at_fork[p]))
            mine = 0;
    printf("parent sees its own writes: %s (%s)\n", mine ? "yes" : "no", page_bytes());
    SHOW("mprotect(unaligned)", syscall(SYS_mprotect, area + 1, 4096, PROT_READ)); /* musl rounds */
    return 0;
}
