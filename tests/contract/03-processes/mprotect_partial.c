/* Contract: mprotect of part of a mapping changes only those pages (the mapping is
 * split): pages 1-2 of five made read-only fault on write while 0, 3 and 4 stay
 * writable; making page 2 writable again and then the whole range read-write restores
 * everything, contents intact. Success: length 0 is a no-op. Errors: ENOMEM when the
 * range includes unmapped pages, EINVAL when the address is unaligned. */
#include "contract.h"

int main(void) {
    char* p = mmap(NULL, 5 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    for (int i = 0; i < 5; ++i) memset(p + i * PAGE, '0' + i, PAGE);
    SHOW("mprotect(pages 1-2, PROT_READ)", mprotect(p + PAGE, 2 * PAGE, PROT_READ));
    for (int i = 0; i < 5; ++i)
        printf("page %d: write %s, read %s\n", i, probe_write(p + i * PAGE),
               probe_read(p + i * PAGE));
    SHOW("mprotect(page 2, PROT_READ|PROT_WRITE)",
         mprotect(p + 2 * PAGE, PAGE, PROT_READ | PROT_WRITE));
    printf("page 1 write %s, page 2 write %s\n", probe_write(p + PAGE), probe_write(p + 2 * PAGE));
    SHOW("mprotect(page 3, PROT_NONE)", mprotect(p + 3 * PAGE, PAGE, PROT_NONE));
    printf("page 3 read %s\n", probe_read(p + 3 * PAGE));
    SHOW("mprotect(all, PROT_READ|PROT_WRITE)", mprotect(p, 5 * PAGE, PROT_READ | PROT_WRITE));
    int intact = 1;
    for (int i = 0; i < 5; ++i) intact &= p[i * PAGE + 10] == '0' + i;
    printf("all writable again: %s, contents intact: %s\n",
           strcmp(probe_write(p + 3 * PAGE), "ok") == 0 ? "yes" : "no", intact ? "yes" : "no");
    SHOW("mprotect(len 0)", mprotect(p, 0, PROT_NONE));
    munmap(p + 4 * PAGE, PAGE);
    SHOW("mprotect(range with a hole)", syscall(SYS_mprotect, p + 3 * PAGE, 2 * PAGE, PROT_READ));
    SHOW("mprotect(unmapped range)", syscall(SYS_mprotect, p + 4 * PAGE, PAGE, PROT_READ));
    SHOW("mprotect(unaligned)", syscall(SYS_mprotect, p + 1, PAGE, PROT_READ));
    printf("page 3 after the failed call: write %s\n", probe_write(p + 3 * PAGE));
    return 0;
}
