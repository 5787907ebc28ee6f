/* Contract: anonymous private mmap gives zeroed, writable memory rounded up to whole
 * pages; after munmap the range faults. Errors: EINVAL for length 0, for neither or
 * both of MAP_PRIVATE/MAP_SHARED... (no type), for an unaligned offset; EBADF for a
 * file mapping of fd -1; ENOMEM for a length no address space can hold. */
#include "contract.h"

#define RW (PROT_READ | PROT_WRITE)
#define ANON (MAP_PRIVATE | MAP_ANONYMOUS)

static void* mmap_(void* a, size_t len, int prot, int flags, int fd, long off) {
    return (void*)syscall(SYS_mmap, a, len, prot, flags, fd, off);
}

int main(void) {
    char* p = mmap(NULL, 3 * PAGE + 100, RW, ANON, -1, 0);
    printf("mmap 3 pages + 100 bytes: %s\n", p != MAP_FAILED ? "ok" : errname(errno));
    printf("page aligned: %s\n", (unsigned long)p % PAGE == 0 ? "yes" : "no");
    int zero = 1;
    for (unsigned long i = 0; i < 4 * PAGE; ++i) zero &= p[i] == 0;
    printf("zero filled, through the rounded-up page: %s\n", zero ? "yes" : "no");
    memset(p, 7, 4 * PAGE);
    printf("writable: %s\n", p[4 * PAGE - 1] == 7 ? "yes" : "no");
    SHOW("munmap", munmap(p, 3 * PAGE + 100));
    printf("after munmap, first page: %s\n", probe_read(p));
    printf("after munmap, last page: %s\n", probe_read(p + 3 * PAGE));

    SHOW_MAP("mmap(len 0)", mmap_(NULL, 0, RW, ANON, -1, 0));
    SHOW_MAP("mmap(no MAP_PRIVATE or MAP_SHARED)", mmap_(NULL, PAGE, RW, MAP_ANONYMOUS, -1, 0));
    SHOW_MAP("mmap(unaligned offset)", mmap_(NULL, PAGE, RW, ANON, -1, 100));
    SHOW_MAP("mmap(file, fd -1)", mmap_(NULL, PAGE, RW, MAP_PRIVATE, -1, 0));
    SHOW_MAP("mmap(file, fd 99)", mmap_(NULL, PAGE, RW, MAP_PRIVATE, 99, 0));
    SHOW_MAP("mmap(len 1<<47)", mmap_(NULL, 1UL << 47, RW, ANON, -1, 0));
    SHOW_MAP("mmap(len -4096)", mmap_(NULL, (size_t)-4096, RW, ANON, -1, 0));
    return 0;
}
