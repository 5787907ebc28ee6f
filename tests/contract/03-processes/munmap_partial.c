/* Contract: munmap of part of a mapping splits it: unmapping the second of four pages
 * leaves the first, third and fourth usable with their contents; unmapping a range
 * that is partly or wholly unmapped already succeeds. Errors: EINVAL for an unaligned
 * address, for length 0 and for a range in the kernel's half. */
#include "contract.h"

int main(void) {
    /* Eight pages, the upper four given back: the range above ours is known to be free
     * (on Linux the vDSO may sit right above a fresh mapping, and it cannot be unmapped). */
    char* p = mmap(NULL, 8 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    munmap(p + 4 * PAGE, 4 * PAGE);
    for (int i = 0; i < 4; ++i) memset(p + i * PAGE, 'a' + i, PAGE);
    SHOW("munmap(page 1)", munmap(p + PAGE, PAGE));
    for (int i = 0; i < 4; ++i) printf("page %d: %s\n", i, probe_read(p + i * PAGE));
    printf("contents kept: %s\n",
           p[0] == 'a' && p[2 * PAGE] == 'c' && p[4 * PAGE - 1] == 'd' ? "yes" : "no");
    SHOW("munmap(page 1 again)", munmap(p + PAGE, PAGE));
    SHOW("munmap(pages 3..5, partly unmapped)", munmap(p + 3 * PAGE, 3 * PAGE));
    printf("page 2 after that: %s, page 3: %s\n", probe_read(p + 2 * PAGE),
           probe_read(p + 3 * PAGE));
    SHOW("munmap(unaligned)", syscall(SYS_munmap, p + 1, PAGE));
    SHOW("munmap(len 0)", syscall(SYS_munmap, p, 0));
    SHOW("munmap(kernel range)", syscall(SYS_munmap, 0xffffffff80000000UL, PAGE));
    SHOW("munmap(len reaching past user space)", syscall(SYS_munmap, p, 1UL << 47));
    SHOW("munmap(the rest)", munmap(p, 3 * PAGE));
    printf("page 0 at the end: %s\n", probe_read(p));
    return 0;
}
