/* Contract: private and shared futex operations on the same word of a private mapping do
 * not meet: a thread asleep in FUTEX_WAIT_PRIVATE is not woken by a shared FUTEX_WAKE
 * (it returns 0, nobody) and one asleep in a shared FUTEX_WAIT is not woken by
 * FUTEX_WAKE_PRIVATE; each is woken by its own kind (1). The sleepers are counted before
 * each wake, so the results do not depend on timing. */
#include "contract.h"
#include "threads.h"

static volatile int word, park;
static volatile int woken;

static int sleeper(void* arg) {
    if (raw_futex(&word, FUTEX_WAIT | (int)(long)arg, 0, NULL, NULL, 0) == 0) flag_add(&woken, 1);
    return 0;
}

static void round_of(const char* label, int sleep_flag) {
    woken = 0;
    struct raw_thread t;
    raw_start(&t, THREAD_FLAGS, sleeper, (void*)(long)sleep_flag);
    futex_gather(&word, &park, 1, sleep_flag);
    syscall(SYS_futex, &park, FUTEX_REQUEUE | sleep_flag, 0, (void*)1L, &word, 0);
    int other = sleep_flag ^ FUTEX_PRIVATE_FLAG;
    char l[96];
    snprintf(l, sizeof l, "%s sleeper, wake of the other kind", label);
    SHOW(l, syscall(SYS_futex, &word, FUTEX_WAKE | other, 0x7fffffff, NULL, NULL, 0));
    snprintf(l, sizeof l, "%s sleeper, wake of its kind", label);
    SHOW(l, syscall(SYS_futex, &word, FUTEX_WAKE | sleep_flag, 0x7fffffff, NULL, NULL, 0));
    raw_join(&t);
    printf("%s sleeper woken: %d\n", label, woken);
}

int main(void) {
    if (contract_range(0, 1)) {
        round_of("private", FUTEX_PRIVATE_FLAG);
        round_of("shared", 0);
    } else {
        round_of("shared", 0);
        round_of("private", FUTEX_PRIVATE_FLAG);
    }
    contract_token();
    return 0;
}
