/* Contract: mprotect of part of a mapping changes only those pages (the mapping is
 * split): in a mapping of 5..9 pages, two neighbouring inner pages a and a+1 made
 * read-only fault on write while the others stay writable (the size and a come from the
 * nonce); making page a+1 writable again, page a+2 PROT_NONE, and then the whole range
 * read-write restores everything, contents (bytes from the nonce, printed) intact.
 * Success: length 0 is a no-op. Errors: ENOMEM when the range includes unmapped pages
 * (the pages before the hole are changed all the same), EINVAL when the address is
 * unaligned. */
#include "contract.h"

int main(void) {
    int n = (int)contract_range(5, 9), a = (int)contract_range(1, (unsigned long)n - 4);
    unsigned char first = (unsigned char)contract_range(0, 255);
    unsigned char step = (unsigned char)contract_range(1, 255);
    unsigned char* p =
        mmap(NULL, (size_t)n * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    for (int i = 0; i < n; ++i) memset(p + i * PAGE, (unsigned char)(first + i * step), PAGE);
    char label[64];
    printf("%d pages, a = %d\n", n, a);
    SHOW("mprotect(pages a, a+1, PROT_READ)", mprotect(p + a * PAGE, 2 * PAGE, PROT_READ));
    for (int i = 0; i < n; ++i)
        printf("page %d: write %s, read %s\n", i, probe_write(p + i * PAGE),
               probe_read(p + i * PAGE));
    SHOW("mprotect(page a+1, PROT_READ|PROT_WRITE)",
         mprotect(p + (a + 1) * PAGE, PAGE, PROT_READ | PROT_WRITE));
    printf("page a write %s, page a+1 write %s\n", probe_write(p + a * PAGE),
           probe_write(p + (a + 1) * PAGE));
    SHOW("mprotect(page a+2, PROT_NONE)", mprotect(p + (a + 2) * PAGE, PAGE, PROT_NONE));
    printf("page a+2 read %s\n", probe_read(p + (a + 2) * PAGE));
    SHOW("mprotect(all, PROT_READ|PROT_WRITE)", mprotect(p, n * PAGE, PROT_READ | PROT_WRITE));
    int intact = 1;
    printf("all writable again: %s, contents:",
           strcmp(probe_write(p + (a + 2) * PAGE), "ok") == 0 ? "yes" : "no");
    for (int i = 0; i < n; ++i) {
        intact &= p[i * PAGE + 10] == (unsigned char)(first + i * step);
        printf(" %02x", p[i * PAGE + 10]);
    }
    printf(", intact: %s\n", intact ? "yes" : "no");
    SHOW("mprotect(len 0)", mprotect(p, 0, PROT_NONE));
    munmap(p + (n - 1) * PAGE, PAGE);
    snprintf(label, sizeof label, "mprotect(pages %d-%d, %d unmapped)", n - 2, n - 1, n - 1);
    SHOW(label, syscall(SYS_mprotect, p + (n - 2) * PAGE, 2 * PAGE, PROT_READ));
    SHOW("mprotect(unmapped range)", syscall(SYS_mprotect, p + (n - 1) * PAGE, PAGE, PROT_READ));
    snprintf(label, sizeof label, "mprotect(page + %lu)", (unsigned long)(first % 255 + 1));
    SHOW(label, syscall(SYS_mprotect, p + first % 255 + 1, PAGE, PROT_READ));
    printf("page %d after the failed calls: write %s\n", n - 2, probe_write(p + (n - 2) * PAGE));
    return 0;
}
