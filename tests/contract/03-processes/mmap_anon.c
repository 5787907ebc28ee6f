/* Contract: anonymous private mmap gives zeroed, writable memory rounded up to whole
 * pages (a size of 1..8 pages and 1..4095 bytes chosen from the nonce); what is written
 * there reads back (a byte from the nonce, printed); after munmap the range faults.
 * Errors: EINVAL for length 0, for neither MAP_PRIVATE nor MAP_SHARED (no type), for an
 * unaligned offset (chosen from the nonce); EBADF for a file mapping of fd -1 and of an
 * fd that is not open; ENOMEM for a length no address space can hold. */
#include "contract.h"

#define RW (PROT_READ | PROT_WRITE)
#define ANON (MAP_PRIVATE | MAP_ANONYMOUS)

static void* mmap_(void* a, size_t len, int prot, int flags, int fd, long off) {
    return (void*)syscall(SYS_mmap, a, len, prot, flags, fd, off);
}

int main(void) {
    unsigned long pages = contract_range(1, 8), extra = contract_range(1, PAGE - 1);
    unsigned long len = pages * PAGE + extra, whole = (pages + 1) * PAGE;
    unsigned char byte = (unsigned char)contract_range(1, 255);
    unsigned char* p = mmap(NULL, len, RW, ANON, -1, 0);
    printf("mmap %lu pages + %lu bytes: %s\n", pages, extra,
           p != MAP_FAILED ? "ok" : errname(errno));
    printf("page aligned: %s\n", (unsigned long)p % PAGE == 0 ? "yes" : "no");
    int zero = 1;
    for (unsigned long i = 0; i < whole; ++i) zero &= p[i] == 0;
    printf("zero filled, through the rounded-up page: %s\n", zero ? "yes" : "no");
    memset(p, byte, whole);
    printf("last byte of the rounded-up page reads %02x\n", p[whole - 1]);
    SHOW("munmap", munmap(p, len));
    printf("after munmap, first page: %s\n", probe_read(p));
    printf("after munmap, last page: %s\n", probe_read(p + pages * PAGE));

    long offset = (long)contract_range(1, PAGE - 1);
    int fd = (int)contract_range(3, 1023);
    char label[64];
    SHOW_MAP("mmap(len 0)", mmap_(NULL, 0, RW, ANON, -1, 0));
    SHOW_MAP("mmap(no MAP_PRIVATE or MAP_SHARED)", mmap_(NULL, PAGE, RW, MAP_ANONYMOUS, -1, 0));
    snprintf(label, sizeof label, "mmap(offset %ld)", offset);
    SHOW_MAP(label, mmap_(NULL, PAGE, RW, ANON, -1, offset));
    SHOW_MAP("mmap(file, fd -1)", mmap_(NULL, PAGE, RW, MAP_PRIVATE, -1, 0));
    snprintf(label, sizeof label, "mmap(file, fd %d)", fd);
    SHOW_MAP(label, mmap_(NULL, PAGE, RW, MAP_PRIVATE, fd, 0));
    SHOW_MAP("mmap(len 1<<47)", mmap_(NULL, 1UL << 47, RW, ANON, -1, 0));
    SHOW_MAP("mmap(len -4096)", mmap_(NULL, (size_t)-4096, RW, ANON, -1, 0));
    return 0;
}
