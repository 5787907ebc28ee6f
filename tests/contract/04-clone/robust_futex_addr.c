/* Contract: futex on words that are not there. Errors: FUTEX_WAIT on an unmapped word,
 * NULL, a kernel address or a PROT_NONE page is EFAULT (private and shared alike); a
 * word not 4-byte aligned (offset from the nonce) is EINVAL, for WAIT and WAKE; a shared
 * FUTEX_WAKE on an unmapped word is EFAULT while a private one, which only hashes the
 * address, finds nobody (0). */
#include "contract.h"
#include "threads.h"

static void both(const char* what, volatile int* p) {
    char label[96];
    snprintf(label, sizeof label, "FUTEX_WAIT(%s)", what);
    SHOW(label, syscall(SYS_futex, p, FUTEX_WAIT, 0, NULL, NULL, 0));
    snprintf(label, sizeof label, "FUTEX_WAIT_PRIVATE(%s)", what);
    SHOW(label, syscall(SYS_futex, p, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0));
    snprintf(label, sizeof label, "FUTEX_WAKE(%s)", what);
    SHOW(label, syscall(SYS_futex, p, FUTEX_WAKE, 1, NULL, NULL, 0));
    snprintf(label, sizeof label, "FUTEX_WAKE_PRIVATE(%s)", what);
    SHOW(label, syscall(SYS_futex, p, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0));
}

int main(void) {
    char* hole = (char*)before_hole(16) + 16;
    both("unmapped", (volatile int*)(hole + 4 * contract_range(0, 1023)));
    both("NULL", NULL);
    both("kernel", (volatile int*)KERNEL_ADDR);
    char* none = mmap(NULL, PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    both("PROT_NONE", (volatile int*)none);
    static int words[4];
    both("misaligned", (volatile int*)((char*)words + contract_range(1, 3)));
    contract_token();
    return 0;
}
