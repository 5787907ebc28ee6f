/* Contract: FUTEX_WAIT sleeps only while the word holds the expected value (EAGAIN when
 * it does not, at once), FUTEX_WAKE returns how many it woke: 0 with nobody waiting, and
 * with a number of sleeping threads chosen from the nonce, waking k of them returns k and
 * the rest stay asleep until the next wake. Both private and shared forms. Error: an
 * unknown futex operation is ENOSYS. */
#include "contract.h"
#include "threads.h"

static volatile int word, gate;
static volatile int woken;
static int private_flag;

static int sleeper(void* arg) {
    long r = raw_futex(&word, FUTEX_WAIT | private_flag, 0, NULL, NULL, 0);
    if (r == 0) flag_add(&woken, 1);
    return 0;
}

static void round_of(const char* label, int flag) {
    private_flag = flag;
    word = 0;
    woken = 0;
    int n = (int)contract_range(2, 8), k = (int)contract_range(1, n - 1);
    struct raw_thread t[8];
    for (int i = 0; i < n; ++i) raw_start(&t[i], THREAD_FLAGS, sleeper, NULL);
    /* all n asleep on word: park them on gate, then move them back one wake at a time */
    futex_gather(&word, &gate, n, flag);
    long r = syscall(SYS_futex, &gate, FUTEX_WAKE | flag, k, NULL, NULL, 0);
    flag_wait(&woken, k);
    printf("%s: %d asleep, wake(%d) returned %ld, woken %d\n", label, n, k, r, woken);
    r = syscall(SYS_futex, &gate, FUTEX_WAKE | flag, 0x7fffffff, NULL, NULL, 0);
    for (int i = 0; i < n; ++i) raw_join(&t[i]);
    printf("%s: wake(all) returned %ld, woken %d\n", label, r, woken);
    contract_observe((unsigned long)(n * 100 + k));
}

int main(void) {
    word = (int)contract_range(1, 1000);
    char label[64];
    snprintf(label, sizeof label, "FUTEX_WAIT(word %d, expect %d)", word, word + 1);
    SHOW(label, syscall(SYS_futex, &word, FUTEX_WAIT, word + 1, NULL, NULL, 0));
    SHOW("FUTEX_WAIT_PRIVATE(other value)",
         syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, word - 1, NULL, NULL, 0));
    SHOW("FUTEX_WAKE(nobody)", syscall(SYS_futex, &word, FUTEX_WAKE, 1, NULL, NULL, 0));
    SHOW("FUTEX_WAKE_PRIVATE(nobody)",
         syscall(SYS_futex, &word, FUTEX_WAKE_PRIVATE, 5, NULL, NULL, 0));
    round_of("shared", 0);
    round_of("private", FUTEX_PRIVATE_FLAG);
    SHOW("futex(op 14)", syscall(SYS_futex, &word, 14, 0, NULL, NULL, 0));
    SHOW("futex(op 15)", syscall(SYS_futex, &word, 15, 0, NULL, NULL, 0));
    contract_token();
    return 0;
}
