/* Contract: MAP_FIXED places a mapping exactly at the address given, replacing what
 * was there (the replaced range reads as zeros); MAP_FIXED_NOREPLACE refuses an
 * occupied range with EEXIST; a hint without either is honoured when the range is
 * free. The bytes of the first mapping come from the nonce and are printed as read
 * back. Errors: MAP_FIXED at an unaligned address (an offset from the nonce) fails with
 * EINVAL, and a MAP_FIXED range reaching beyond user space with ENOMEM. */
#include "contract.h"

#define RW (PROT_READ | PROT_WRITE)
#define ANON (MAP_PRIVATE | MAP_ANONYMOUS)

static void* mmap_(void* a, size_t len, int prot, int flags) {
    return (void*)syscall(SYS_mmap, a, len, prot, flags, -1, 0);
}

int main(void) {
    unsigned char byte = (unsigned char)contract_range(1, 255);
    unsigned long unaligned = contract_range(1, PAGE - 1);
    unsigned char* base = mmap(NULL, 8 * PAGE, RW, ANON, -1, 0);
    memset(base, byte, 8 * PAGE);
    munmap(base + 4 * PAGE, 4 * PAGE);

    unsigned char* at = base + 5 * PAGE;
    printf("MAP_FIXED in a free range: %s\n",
           mmap_(at, PAGE, RW, ANON | MAP_FIXED) == at ? "at the address" : "elsewhere");
    unsigned char* over = base + PAGE;
    printf("MAP_FIXED over a mapping: %s\n",
           mmap_(over, 2 * PAGE, RW, ANON | MAP_FIXED) == over ? "at the address" : "elsewhere");
    printf("replaced pages read zero: %s, neighbours read %02x %02x\n",
           over[0] == 0 && over[2 * PAGE - 1] == 0 ? "yes" : "no", base[0], base[3 * PAGE]);
    SHOW_MAP("MAP_FIXED_NOREPLACE over a mapping",
             mmap_(base + 3 * PAGE, 2 * PAGE, RW, ANON | MAP_FIXED_NOREPLACE));
    unsigned char* free_spot = base + 6 * PAGE;
    printf("MAP_FIXED_NOREPLACE in a free range: %s\n",
           mmap_(free_spot, PAGE, RW, ANON | MAP_FIXED_NOREPLACE) == free_spot ? "at the address"
                                                                               : "elsewhere");
    unsigned char* hint = base + 7 * PAGE;
    printf("hint in a free range: %s\n",
           mmap_(hint, PAGE, RW, ANON) == hint ? "honoured" : "ignored");
    unsigned char* taken = mmap_(base, PAGE, RW, ANON);
    printf("hint on a mapping: %s\n", taken == base         ? "replaced it!"
                                      : taken == MAP_FAILED ? "failed"
                                                            : "placed elsewhere");
    printf("the mapping at the hint is intact: %s (%02x)\n", base[0] == byte ? "yes" : "no",
           base[0]);

    char label[48];
    snprintf(label, sizeof label, "MAP_FIXED(page + %lu)", unaligned);
    SHOW_MAP(label, mmap_(base + unaligned, PAGE, RW, ANON | MAP_FIXED));
    SHOW_MAP("MAP_FIXED(past user space)",
             mmap_((void*)0x7ffffffff000UL, 4 * PAGE, RW, ANON | MAP_FIXED));
    SHOW_MAP("MAP_FIXED(kernel address)",
             mmap_((void*)0xffffffff80000000UL, PAGE, RW, ANON | MAP_FIXED));
    return 0;
}
