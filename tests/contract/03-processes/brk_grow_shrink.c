/* Contract: the raw brk system call: brk(0) reports the break; growing it returns the
 * new break and the new memory is zeroed and writable; shrinking returns the lower
 * break and the released pages fault; growing again gives zeroed pages. Errors: brk
 * never fails with an errno — a request below the start of the heap or absurdly
 * high returns the break unchanged, and the libc's sbrk then reports ENOMEM. */
#include "contract.h"

static long brk_(unsigned long addr) { return syscall(SYS_brk, addr); }

int main(void) {
    unsigned long start = (unsigned long)brk_(0);
    unsigned long base = (start + PAGE - 1) & ~(PAGE - 1);
    printf("brk(0) twice agrees: %s\n", (unsigned long)brk_(0) == start ? "yes" : "no");
    unsigned long top = base + 8 * PAGE;
    printf("grow 8 pages: %s\n",
           (unsigned long)brk_(top) == top ? "returns the new break" : "refused");
    char* p = (char*)base;
    int zero = 1;
    for (unsigned long i = 0; i < 8 * PAGE; ++i) zero &= p[i] == 0;
    printf("new memory zeroed: %s\n", zero ? "yes" : "no");
    memset(p, 0x5a, 8 * PAGE);
    printf("write to the last page: %s\n", probe_write(p + 8 * PAGE - 1));
    printf("one past the break: %s\n", probe_read(p + 8 * PAGE));

    printf("shrink to 2 pages: %s\n",
           (unsigned long)brk_(base + 2 * PAGE) == base + 2 * PAGE ? "ok" : "refused");
    printf("kept page still holds data: %s\n", p[PAGE] == 0x5a ? "yes" : "no");
    printf("released page: %s\n", probe_read(p + 4 * PAGE));
    brk_(top);
    printf("grown again, released pages are zero: %s\n",
           p[4 * PAGE] == 0 && p[8 * PAGE - 1] == 0 ? "yes" : "no");

    unsigned long now = (unsigned long)brk_(0);
    static char below_heap[16]; /* .bss lies below the start of the heap */
    printf("brk(below the heap) unchanged: %s\n",
           (unsigned long)brk_((unsigned long)below_heap) == now ? "yes" : "no");
    printf("brk(1<<47) unchanged: %s\n", (unsigned long)brk_(1UL << 47) == now ? "yes" : "no");
    printf("brk(kernel address) unchanged: %s\n",
           (unsigned long)brk_(0xffffffff80000000UL) == now ? "yes" : "no");
    errno = 0;
    void* r = sbrk(1L << 46);
    printf("sbrk(1<<46): %s %s\n", r == (void*)-1 ? "-1" : "ok", errname(errno));
    return 0;
}
