/* Contract: FUTEX_REQUEUE and FUTEX_CMP_REQUEUE move sleepers from one word to another:
 * with n sleepers (n from the nonce), requeue(wake w, move m) wakes w, moves m and returns
 * w + m; the moved ones wake only by a wake on the second word, the others still sleep on
 * the first. Errors: CMP_REQUEUE when the word no longer holds val3 is EAGAIN and moves
 * nobody; a negative count is EINVAL. */
#include "contract.h"
#include "threads.h"

static volatile int first, second, park, woken;

static int sleeper(void* arg) {
    if (raw_futex(&first, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0) == 0) flag_add(&woken, 1);
    return 0;
}

static void round_of(const char* label, int op) {
    woken = 0;
    int n = (int)contract_range(3, 8);
    int w = (int)contract_range(0, 2), m = (int)contract_range(1, n - w - 1);
    struct raw_thread t[8];
    for (int i = 0; i < n; ++i) raw_start(&t[i], THREAD_FLAGS, sleeper, NULL);
    /* gather them on park, then back onto first: all n sleep on first */
    futex_gather(&first, &park, n, FUTEX_PRIVATE_FLAG);
    syscall(SYS_futex, &park, (FUTEX_REQUEUE | FUTEX_PRIVATE_FLAG), 0, (void*)0x7fffffffL, &first,
            0);
    SHOW("CMP_REQUEUE(wrong val3)",
         syscall(SYS_futex, &first, (FUTEX_CMP_REQUEUE | FUTEX_PRIVATE_FLAG), 1, (void*)0x7fffffffL,
                 &second, 1));
    long r = syscall(SYS_futex, &first, op | FUTEX_PRIVATE_FLAG, w, (void*)(long)m, &second, 0);
    flag_wait(&woken, w);
    printf("%s: %d asleep, requeue(wake %d, move %d) returned %ld\n", label, n, w, m, r);
    SHOW("wake(second, all)",
         syscall(SYS_futex, &second, FUTEX_WAKE_PRIVATE, 0x7fffffff, NULL, NULL, 0));
    flag_wait(&woken, w + m);
    SHOW("wake(first, all)",
         syscall(SYS_futex, &first, FUTEX_WAKE_PRIVATE, 0x7fffffff, NULL, NULL, 0));
    for (int i = 0; i < n; ++i) raw_join(&t[i]);
    printf("%s: woken in all %d\n", label, woken);
}

int main(void) {
    round_of("FUTEX_CMP_REQUEUE", FUTEX_CMP_REQUEUE);
    round_of("FUTEX_REQUEUE", FUTEX_REQUEUE);
    SHOW("CMP_REQUEUE(nr_wake -1)",
         syscall(SYS_futex, &first, FUTEX_CMP_REQUEUE, -1, (void*)1L, &second, 0));
    SHOW("CMP_REQUEUE(nr_requeue -1)",
         syscall(SYS_futex, &first, FUTEX_CMP_REQUEUE, 1, (void*)-1L, &second, 0));
    contract_token();
    return 0;
}
