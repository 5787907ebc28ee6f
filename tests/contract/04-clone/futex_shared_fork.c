/* Contract: shared futexes work across processes on a MAP_SHARED page: a forked child
 * sleeps in FUTEX_WAIT and the parent's FUTEX_WAKE wakes it (returning 1 once the child
 * sleeps); the child exits with a code from the nonce it read from the word. A private
 * futex is per address space: the parent's FUTEX_WAKE_PRIVATE on the same page wakes
 * nobody (0), and the child's private wait ends only by its timeout (ETIMEDOUT). */
#include "contract.h"
#include "threads.h"

int main(void) {
    volatile int* page =
        mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    int code = (int)contract_range(2, 200);
    pid_t pid = fork_flushed();
    if (pid == 0) {
        while (page[0] == 0) raw_futex(&page[0], FUTEX_WAIT, 0, NULL, NULL, 0);
        _exit(page[0] == code ? code : 1);
    }
    /* wake until the child was really asleep: a wake that finds it returns 1 */
    page[0] = 0;
    long r;
    int tries = 0;
    do {
        struct timespec ts = ms_timeout(2);
        nanosleep(&ts, NULL);
        page[0] = 0; /* keep it asleep until the wake finds it */
        r = syscall(SYS_futex, &page[0], FUTEX_WAKE, 1, NULL, NULL, 0);
        if (r == 1) page[0] = code;
    } while (r != 1 && ++tries < 5000);
    page[0] = code;
    syscall(SYS_futex, &page[0], FUTEX_WAKE, 1, NULL, NULL, 0);
    printf("shared wake found the child: %s\n", r == 1 ? "yes" : "no");
    printf("child: %s\n", describe_status(wait_for(pid)));

    page[1] = 0;
    pid = fork_flushed();
    if (pid == 0) {
        struct timespec limit = ms_timeout(300);
        long w = raw_futex(&page[1], FUTEX_WAIT_PRIVATE, 0, &limit, NULL, 0);
        _exit(w == -ETIMEDOUT ? 40 : w == 0 ? 41 : 42);
    }
    long woke = 0;
    for (int i = 0; i < 20; ++i) {
        struct timespec ts = ms_timeout(5);
        nanosleep(&ts, NULL);
        woke += syscall(SYS_futex, &page[1], FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
    }
    printf("private wakes from the parent woke: %ld\n", woke);
    int st = wait_for(pid);
    printf("child's private wait: %s\n", WEXITSTATUS(st) == 40 ? "ETIMEDOUT" : describe_status(st));
    contract_token();
    return 0;
}
