/* Contract: the heap is copied on fork like any private memory: the child starts with
 * the parent's break and heap contents, and moving its break or writing its heap does
 * not change the parent's. Errors: the child's brk into absurd heights is refused
 * (unchanged) exactly as the parent's would be. */
#include "contract.h"

static long brk_(unsigned long addr) { return syscall(SYS_brk, addr); }

int main(void) {
    unsigned long start = (unsigned long)brk_(0);
    unsigned long base = (start + PAGE - 1) & ~(PAGE - 1);
    brk_(base + 4 * PAGE);
    memset((char*)base, 'p', 4 * PAGE);
    pid_t pid = fork_flushed();
    if (pid == 0) {
        printf("child: same break: %s\n", (unsigned long)brk_(0) == base + 4 * PAGE ? "yes" : "no");
        printf("child: parent's heap bytes: %s\n", ((char*)base)[3 * PAGE] == 'p' ? "yes" : "no");
        memset((char*)base, 'c', 4 * PAGE);
        printf("child: grow to 16 pages: %s\n",
               (unsigned long)brk_(base + 16 * PAGE) == base + 16 * PAGE ? "yes" : "no");
        memset((char*)base + 4 * PAGE, 'c', 12 * PAGE);
        printf("child: brk(1<<47) unchanged: %s\n",
               (unsigned long)brk_(1UL << 47) == base + 16 * PAGE ? "yes" : "no");
        fflush(stdout);
        _exit(0);
    }
    printf("child: %s\n", describe_status(wait_for(pid)));
    printf("parent: break unchanged: %s\n",
           (unsigned long)brk_(0) == base + 4 * PAGE ? "yes" : "no");
    printf("parent: heap unchanged: %s\n",
           ((char*)base)[0] == 'p' && ((char*)base)[4 * PAGE - 1] == 'p' ? "yes" : "no");
    printf("parent: beyond its break: %s\n", probe_read((char*)base + 5 * PAGE));
    return 0;
}
