/* Contract: futex on a read-only private page. FUTEX_WAIT_PRIVATE only reads the word:
 * with its value (from the nonce) it sleeps until its timeout (ETIMEDOUT). The shared
 * operations must find the page for writing (a private mapping's page is keyed by its
 * copy), so FUTEX_WAIT, FUTEX_WAKE and CMP_REQUEUE are EFAULT there. Errors: FUTEX_WAKE_OP
 * must write the second word: EFAULT on a read-only page, which keeps its value, and on
 * an unmapped one; a misaligned second word is EINVAL. */
#include "contract.h"
#include "threads.h"

int main(void) {
    int value = (int)contract_range(1, 1 << 30);
    int* ro = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    ro[0] = value;
    ro[1] = value + 1;
    mprotect(ro, PAGE, PROT_READ);
    struct timespec ts = ms_timeout(5);
    SHOW("FUTEX_WAIT(other value)", syscall(SYS_futex, ro, FUTEX_WAIT, value - 1, &ts, NULL, 0));
    SHOW("FUTEX_WAIT(its value, 5 ms)", syscall(SYS_futex, ro, FUTEX_WAIT, value, &ts, NULL, 0));
    SHOW("FUTEX_WAIT_PRIVATE(its value, 5 ms)",
         syscall(SYS_futex, ro, FUTEX_WAIT_PRIVATE, value, &ts, NULL, 0));
    SHOW("FUTEX_WAKE", syscall(SYS_futex, ro, FUTEX_WAKE, 1, NULL, NULL, 0));
    SHOW("CMP_REQUEUE", syscall(SYS_futex, ro, FUTEX_CMP_REQUEUE, 1, (void*)1L, &ro[1], value));
    static int rw;
    SHOW("WAKE_OP(second read-only)", syscall(SYS_futex, &rw, FUTEX_WAKE_OP, 1, (void*)1L, &ro[1],
                                              FUTEX_OP(FUTEX_OP_ADD, 1, 0, 0)));
    printf("second word kept its value: %s\n", ro[1] == value + 1 ? "yes" : "no");
    char* hole = (char*)before_hole(16) + 16;
    SHOW("WAKE_OP(second unmapped)", syscall(SYS_futex, &rw, FUTEX_WAKE_OP, 1, (void*)1L, hole,
                                             FUTEX_OP(FUTEX_OP_SET, 1, 0, 0)));
    static int pair[2];
    SHOW("WAKE_OP(second misaligned)",
         syscall(SYS_futex, &rw, FUTEX_WAKE_OP, 1, (void*)1L, (char*)pair + contract_range(1, 3),
                 FUTEX_OP(FUTEX_OP_SET, 1, 0, 0)));
    contract_token();
    return 0;
}
