/* Contract: FUTEX_WAIT_BITSET and FUTEX_WAKE_BITSET: a wake finds only the sleepers whose
 * bitset shares a bit with its own (sleepers and masks from the nonce), FUTEX_WAKE acts as
 * a wake with every bit; FUTEX_BITSET_MATCH_ANY waits like FUTEX_WAIT. Errors: a bitset of
 * 0 is EINVAL for both operations. */
#include "contract.h"
#include "threads.h"

static volatile int word, park, woken_mask;

static int sleeper(void* arg) {
    unsigned bits = (unsigned)(long)arg;
    if (raw_futex(&word, FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG, 0, NULL, NULL, (int)bits) == 0)
        __atomic_or_fetch(&woken_mask, (int)bits, __ATOMIC_SEQ_CST);
    return 0;
}

int main(void) {
    int n = (int)contract_range(3, 6);
    struct raw_thread t[6];
    unsigned bits[6];
    for (int i = 0; i < n; ++i) {
        bits[i] = 1u << i;
        raw_start(&t[i], THREAD_FLAGS, sleeper, (void*)(long)bits[i]);
    }
    futex_gather(&word, &park, n, FUTEX_PRIVATE_FLAG);
    syscall(SYS_futex, &park, FUTEX_REQUEUE | FUTEX_PRIVATE_FLAG, 0, (void*)0x7fffffffL, &word, 0);
    int left = (1 << n) - 1;
    for (int round = 0; round < 3 && left; ++round) {
        unsigned mask = (unsigned)contract_range(1, (1u << n) - 1) & (unsigned)left;
        if (!mask) continue;
        long r = syscall(SYS_futex, &word, FUTEX_WAKE_BITSET | FUTEX_PRIVATE_FLAG, 0x7fffffff, NULL,
                         NULL, mask);
        int count = __builtin_popcount(mask);
        while ((woken_mask & (int)mask) != (int)mask) {
            struct timespec ts = ms_timeout(1);
            nanosleep(&ts, NULL);
        }
        left &= ~(int)mask;
        printf("WAKE_BITSET(%#x): %ld woken (expected %d)\n", mask, r, count);
    }
    SHOW("FUTEX_WAKE(all) wakes the rest",
         syscall(SYS_futex, &word, FUTEX_WAKE_PRIVATE, 0x7fffffff, NULL, NULL, 0));
    for (int i = 0; i < n; ++i) raw_join(&t[i]);
    printf("woken mask %#x\n", woken_mask);
    SHOW("WAIT_BITSET(bitset 0)", syscall(SYS_futex, &word, FUTEX_WAIT_BITSET, 0, NULL, NULL, 0));
    SHOW("WAKE_BITSET(bitset 0)", syscall(SYS_futex, &word, FUTEX_WAKE_BITSET, 1, NULL, NULL, 0));
    word = 1;
    SHOW("WAIT_BITSET(MATCH_ANY, other value)",
         syscall(SYS_futex, &word, FUTEX_WAIT_BITSET, 0, NULL, NULL, FUTEX_BITSET_MATCH_ANY));
    contract_token();
    return 0;
}
