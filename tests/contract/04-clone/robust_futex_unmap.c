/* Contract: a thread asleep on a futex whose page is unmapped under it stays asleep (no
 * fault, no wake-up); a private FUTEX_WAKE of the address still finds it (1), since a
 * private futex is keyed by address; then the thread ends normally with a code from the
 * nonce. Errors: a shared FUTEX_WAKE on the now unmapped word is EFAULT. */
#include "contract.h"
#include "threads.h"

static volatile int park;
static volatile long wait_result = 1;

static int sleeper(void* arg) {
    wait_result = raw_futex((volatile int*)arg, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
    return 0;
}

int main(void) {
    volatile int* word =
        mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    word += contract_range(0, 1023);
    struct raw_thread t;
    raw_start(&t, THREAD_FLAGS, sleeper, (void*)word);
    futex_gather(word, &park, 1, FUTEX_PRIVATE_FLAG);
    syscall(SYS_futex, &park, FUTEX_REQUEUE | FUTEX_PRIVATE_FLAG, 0, (void*)1L, word, 0);
    munmap((void*)((unsigned long)word & ~(PAGE - 1)), PAGE);
    struct timespec ts = ms_timeout(20);
    nanosleep(&ts, NULL);
    printf("still asleep after the unmap: %s\n", wait_result == 1 ? "yes" : "no");
    SHOW("FUTEX_WAKE(unmapped, shared)", syscall(SYS_futex, word, FUTEX_WAKE, 1, NULL, NULL, 0));
    SHOW("FUTEX_WAKE_PRIVATE(unmapped)",
         syscall(SYS_futex, word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0));
    raw_join(&t);
    printf("its wait returned: %ld\n", wait_result);
    contract_token();
    return 0;
}
