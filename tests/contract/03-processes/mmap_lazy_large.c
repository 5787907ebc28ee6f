/* Contract: a large anonymous mapping costs nothing until touched (demand paging):
 * 1 GiB is mapped at once, one byte per MiB written and read back, then unmapped, and
 * this repeats — far more than the guest's memory if pages were allocated eagerly. The
 * byte's offset within each MiB and the values written come from the nonce; the program
 * prints a checksum of them as read back, and a byte of a page never touched (zero). Errors: a
 * mapping larger than the address space fails with ENOMEM. */
#include "contract.h"

#define SIZE (1UL << 30)
#define MIB (1UL << 20)

int main(void) {
    for (int round = 0; round < 4; ++round) {
        unsigned long at = contract_range(0, MIB - 1), mult = contract_range(1, 255);
        unsigned long untouched = contract_range(0, 1023) * MIB + (at + PAGE) % MIB;
        char* p = mmap(NULL, SIZE, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (p == MAP_FAILED) {
            printf("round %d: mmap failed: %s\n", round, errname(errno));
            return 1;
        }
        unsigned sum = 0;
        for (unsigned long off = 0; off < SIZE; off += MIB)
            p[off + at] = (char)((off >> 20) * mult);
        for (unsigned long off = 0; off < SIZE; off += MIB)
            sum = (sum ^ (unsigned char)p[off + at]) * 16777619u;
        printf("round %d: 1 GiB mapped, 1024 pages touched, checksum %08x, untouched byte %d\n",
               round, sum, p[untouched]);
        munmap(p, SIZE);
    }
    SHOW_MAP("mmap(1 << 48)", (void*)syscall(SYS_mmap, NULL, 1UL << 48, PROT_READ,
                                             MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
    return 0;
}
