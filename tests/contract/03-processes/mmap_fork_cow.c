/* Contract: anonymous private mappings are copied on fork: the child sees the parent's
 * contents, its writes, mprotect and munmap change only its own copy. Errors: the
 * child faults (SIGSEGV, dying alone) when it touches what it unmapped, while the
 * parent still reads the same range. */
#include "contract.h"

int main(void) {
    char* p = mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    memset(p, 'P', 4 * PAGE);
    pid_t pid = fork_flushed();
    if (pid == 0) {
        printf("child sees the parent's bytes: %s\n",
               p[0] == 'P' && p[4 * PAGE - 1] == 'P' ? "yes" : "no");
        memset(p, 'C', PAGE);
        mprotect(p + PAGE, PAGE, PROT_READ);
        munmap(p + 2 * PAGE, PAGE);
        printf("child: page 1 write %s, page 2 read %s\n", probe_write(p + PAGE),
               probe_read(p + 2 * PAGE));
        fflush(stdout);
        p[2 * PAGE] = 1; /* unmapped in the child: this kills it */
        _exit(0);
    }
    printf("child: %s\n", describe_status(wait_for(pid)));
    printf("parent: page 0 still 'P': %s\n", p[0] == 'P' ? "yes" : "no");
    printf("parent: page 1 write %s, page 2 read %s\n", probe_write(p + PAGE),
           probe_read(p + 2 * PAGE));
    return 0;
}
