/* Contract: brk keeps the exact (unaligned) value it was given — brk(0) returns it —
 * while memory is mapped up to the end of the page that holds it; a byte beyond that
 * page faults. The break is set 1..7 pages and 1..4095 bytes above the heap's first page
 * (chosen from the nonce), and the program prints where brk(0) says it is. Errors: a
 * shrink below the heap's start is refused (break unchanged). */
#include "contract.h"

static long brk_(unsigned long addr) { return syscall(SYS_brk, addr); }

int main(void) {
    unsigned long start = (unsigned long)brk_(0);
    unsigned long base = (start + PAGE - 1) & ~(PAGE - 1);
    unsigned long pages = contract_range(1, 7), bytes = contract_range(1, PAGE - 1);
    unsigned long want = base + pages * PAGE + bytes;
    unsigned long end = base + (pages + 1) * PAGE; /* the end of the page holding it */
    printf("brk(base + %lu pages + %lu) returns it: %s\n", pages, bytes,
           (unsigned long)brk_(want) == want ? "yes" : "no");
    unsigned long now = (unsigned long)brk_(0);
    printf("brk(0): base + %lu pages + %lu\n", (now - base) / PAGE, (now - base) % PAGE);
    printf("byte at the break: %s\n", probe_write((char*)want));
    printf("last byte of its page: %s\n", probe_write((char*)end - 1));
    printf("first byte of the next page: %s\n", probe_read((char*)end));
    unsigned long want2 = want + 1;
    printf("grow by one byte: %s\n", (unsigned long)brk_(want2) == want2 ? "yes" : "no");
    printf("shrink back to the start: %s\n", (unsigned long)brk_(start) == start ? "yes" : "no");
    static char below_heap[16]; /* .bss lies below the start of the heap */
    printf("brk(below the heap) refused: %s\n",
           (unsigned long)brk_((unsigned long)below_heap) == start ? "yes" : "no");
    return 0;
}
