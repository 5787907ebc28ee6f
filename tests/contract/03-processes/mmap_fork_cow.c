/* Contract: anonymous private mappings are copied on fork: the child sees the parent's
 * contents, its writes, mprotect and munmap change only its own copy. The parent's and
 * the child's bytes come from the nonce, and each prints what it reads. Errors: the
 * child faults (SIGSEGV, dying alone) when it touches what it unmapped, while the
 * parent still reads the same range. */
#include "contract.h"

int main(void) {
    unsigned char mine = (unsigned char)contract_range(0, 255);
    unsigned char theirs = (unsigned char)(mine ^ contract_range(1, 255)); /* differs */
    unsigned char* p =
        mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    memset(p, mine, 4 * PAGE);
    pid_t pid = fork_flushed();
    if (pid == 0) {
        printf("child sees the parent's bytes: %02x %02x\n", p[0], p[4 * PAGE - 1]);
        memset(p, theirs, PAGE);
        mprotect(p + PAGE, PAGE, PROT_READ);
        munmap(p + 2 * PAGE, PAGE);
        printf("child: page 0 now %02x, page 1 write %s, page 2 read %s\n", p[0],
               probe_write(p + PAGE), probe_read(p + 2 * PAGE));
        fflush(stdout);
        p[2 * PAGE] = 1; /* unmapped in the child: this kills it */
        _exit(0);
    }
    printf("child: %s\n", describe_status(wait_for(pid)));
    printf("parent: page 0 still %02x, page 2 %02x\n", p[0], p[2 * PAGE + 7]);
    printf("parent: page 1 write %s, page 2 read %s\n", probe_write(p + PAGE),
           probe_read(p + 2 * PAGE));
    return 0;
}
