/* Contract: munmap of part of a mapping splits it: unmapping one inner page of four
 * (page 1 or 2, chosen from the nonce) leaves the other three usable with their
 * contents (bytes from the nonce, printed as read back); unmapping a range that is
 * partly or wholly unmapped already succeeds. Errors: EINVAL for an unaligned address,
 * for length 0 and for a range in the kernel's half. */
#include "contract.h"

int main(void) {
    /* Eight pages, the upper four given back: the range above ours is known to be free
     * (on Linux the vDSO may sit right above a fresh mapping, and it cannot be unmapped). */
    unsigned char* p =
        mmap(NULL, 8 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    munmap(p + 4 * PAGE, 4 * PAGE);
    unsigned char bytes[4];
    for (int i = 0; i < 4; ++i) {
        bytes[i] = (unsigned char)contract_range(0, 255);
        memset(p + i * PAGE, bytes[i], PAGE);
    }
    int hole = (int)contract_range(1, 2), other = 3 - hole;
    char label[64];
    snprintf(label, sizeof label, "munmap(page %d)", hole);
    SHOW(label, munmap(p + hole * PAGE, PAGE));
    for (int i = 0; i < 4; ++i) printf("page %d: %s\n", i, probe_read(p + i * PAGE));
    printf("contents kept: %02x %02x %02x\n", p[0], p[other * PAGE], p[4 * PAGE - 1]);
    snprintf(label, sizeof label, "munmap(page %d again)", hole);
    SHOW(label, munmap(p + hole * PAGE, PAGE));
    SHOW("munmap(pages 3..5, partly unmapped)", munmap(p + 3 * PAGE, 3 * PAGE));
    printf("page %d after that: %s, page 3: %s\n", other, probe_read(p + other * PAGE),
           probe_read(p + 3 * PAGE));
    unsigned long off = contract_range(1, PAGE - 1);
    snprintf(label, sizeof label, "munmap(page + %lu)", off);
    SHOW(label, syscall(SYS_munmap, p + off, PAGE));
    SHOW("munmap(len 0)", syscall(SYS_munmap, p, 0));
    SHOW("munmap(kernel range)", syscall(SYS_munmap, 0xffffffff80000000UL, PAGE));
    SHOW("munmap(len reaching past user space)", syscall(SYS_munmap, p, 1UL << 47));
    SHOW("munmap(the rest)", munmap(p, 3 * PAGE));
    printf("page 0 at the end: %s\n", probe_read(p));
    return 0;
}
