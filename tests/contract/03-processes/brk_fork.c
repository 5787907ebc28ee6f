/* Contract: the heap is copied on fork like any private memory: the child starts with
 * the parent's break and heap contents, and moving its break or writing its heap does
 * not change the parent's. The heap's size (2..12 pages), the size the child grows it
 * to (13..40 pages) and both processes' bytes come from the nonce; each prints the byte
 * and the break (in pages above the heap's first page) it sees. Errors: the child's brk
 * into absurd heights is refused (unchanged) exactly as the parent's would be. */
#include "contract.h"

static long brk_(unsigned long addr) { return syscall(SYS_brk, addr); }

int main(void) {
    unsigned long start = (unsigned long)brk_(0);
    unsigned long base = (start + PAGE - 1) & ~(PAGE - 1);
    unsigned long pages = contract_range(2, 12), grown = contract_range(13, 40);
    unsigned char pb = (unsigned char)contract_range(0, 255);
    unsigned char cb = (unsigned char)(pb ^ contract_range(1, 255));
    unsigned char* heap = (unsigned char*)base;
    brk_(base + pages * PAGE);
    memset(heap, pb, pages * PAGE);
    pid_t pid = fork_flushed();
    if (pid == 0) {
        printf("child: break at %lu pages, last heap byte %02x\n",
               ((unsigned long)brk_(0) - base) / PAGE, heap[pages * PAGE - 1]);
        memset(heap, cb, pages * PAGE);
        printf("child: grow to %lu pages: %s\n", grown,
               (unsigned long)brk_(base + grown * PAGE) == base + grown * PAGE ? "yes" : "no");
        memset(heap + pages * PAGE, cb, (grown - pages) * PAGE);
        printf("child: last byte of the grown heap %02x\n", heap[grown * PAGE - 1]);
        printf("child: brk(1<<47) unchanged: %s\n",
               (unsigned long)brk_(1UL << 47) == base + grown * PAGE ? "yes" : "no");
        fflush(stdout);
        _exit(0);
    }
    printf("child: %s\n", describe_status(wait_for(pid)));
    printf("parent: break at %lu pages\n", ((unsigned long)brk_(0) - base) / PAGE);
    printf("parent: heap bytes %02x %02x\n", heap[0], heap[pages * PAGE - 1]);
    printf("parent: beyond its break: %s\n", probe_read(heap + (pages + 1) * PAGE));
    return 0;
}
