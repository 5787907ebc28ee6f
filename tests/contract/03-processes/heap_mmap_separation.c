/* Contract: the heap and mmap'd memory never overlap: mappings made while the heap
 * grows land outside [start of heap, break), and brk refuses to grow into a mapping
 * above the break, or to within a page of it (the break stays where it was). Success:
 * growing to one page below the mapping is allowed. The heap's steps, the mappings'
 * sizes and the mapping's distance above the break come from the nonce; a token mixes
 * the nonce with the breaks brk returned. */
#include "contract.h"

static long brk_(unsigned long addr) { return syscall(SYS_brk, addr); }

int main(void) {
    unsigned long start = (unsigned long)brk_(0);
    unsigned long base = (start + PAGE - 1) & ~(PAGE - 1);
    unsigned long step = contract_range(32, 96), size = contract_range(1, 32);
    int overlap = 0;
    for (unsigned long i = 1; i <= 32; ++i) {
        brk_(base + i * step * PAGE);
        char* m =
            mmap(NULL, size * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        unsigned long lo = (unsigned long)m, hi = lo + size * PAGE,
                      brk_now = (unsigned long)brk_(0);
        if (m == MAP_FAILED || (lo < brk_now && hi > start)) overlap = 1;
        contract_observe((brk_now - base) / PAGE);
    }
    printf("32 mappings of %lu pages while the heap grew to %lu pages, overlapping it: %s\n", size,
           32 * step, overlap ? "yes" : "no");

    unsigned long now = (unsigned long)brk_(0);
    unsigned long gap = contract_range(8, 64);
    unsigned long wall = ((now + PAGE - 1) & ~(PAGE - 1)) + gap * PAGE;
    void* m = mmap((void*)wall, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE,
                   -1, 0);
    printf("mapping %lu pages above the break: %s\n", gap,
           m == (void*)wall ? "ok" : errname(errno));
    const char* verdict[2] = {"refused, break unchanged", "allowed"};
    unsigned long asks[4] = {wall - PAGE, wall, wall + PAGE, wall + contract_range(2, 64) * PAGE};
    const char* labels[4] = {"a page below the mapping", "up to the mapping", "one page into it",
                             "far beyond it"};
    for (int i = 0; i < 4; ++i) {
        unsigned long before = (unsigned long)brk_(0), got = (unsigned long)brk_(asks[i]);
        contract_observe((got - base) / PAGE);
        printf("brk %s: %s\n", labels[i],
               got == asks[i]  ? verdict[1]
               : got == before ? verdict[0]
                               : "moved elsewhere");
    }
    contract_token();
    return 0;
}
