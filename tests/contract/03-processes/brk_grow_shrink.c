/* Contract: the raw brk system call: brk(0) reports the break; growing it returns the
 * new break and the new memory is zeroed and writable; shrinking returns the lower
 * break and the released pages fault; growing again gives zeroed pages. The sizes (grow
 * to 4..40 pages, shrink to 1..n-2) and the bytes written come from the nonce; the
 * program prints the breaks and bytes it reads back. Errors: brk never fails with an
 * errno — a request below the start of the heap or absurdly high returns the break
 * unchanged, and the libc's sbrk then reports ENOMEM. */
#include "contract.h"

static long brk_(unsigned long addr) { return syscall(SYS_brk, addr); }

int main(void) {
    unsigned long start = (unsigned long)brk_(0);
    unsigned long base = (start + PAGE - 1) & ~(PAGE - 1);
    unsigned long n = contract_range(4, 40), kept = contract_range(1, n - 2);
    unsigned char byte = (unsigned char)contract_range(1, 255);
    printf("brk(0) twice agrees: %s\n", (unsigned long)brk_(0) == start ? "yes" : "no");
    unsigned long top = base + n * PAGE;
    printf("grow: break %lu pages up\n", ((unsigned long)brk_(top) - base) / PAGE);
    unsigned char* p = (unsigned char*)base;
    int zero = 1;
    for (unsigned long i = 0; i < n * PAGE; ++i) zero &= p[i] == 0;
    printf("new memory zeroed: %s\n", zero ? "yes" : "no");
    memset(p, byte, n * PAGE);
    printf("write to the last page: %s\n", probe_write(p + n * PAGE - 1));
    printf("one past the break: %s\n", probe_read(p + n * PAGE));

    printf("shrink: break %lu pages up\n", ((unsigned long)brk_(base + kept * PAGE) - base) / PAGE);
    printf("kept page holds %02x\n", p[kept * PAGE - 1]);
    printf("released page: %s\n", probe_read(p + kept * PAGE));
    brk_(top);
    printf("grown again, released pages are zero: %s\n",
           p[kept * PAGE] == 0 && p[n * PAGE - 1] == 0 ? "yes" : "no");

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
