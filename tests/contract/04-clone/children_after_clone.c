/* Contract: seed bug, the children list after clone. Children made by fork, by clone
 * with CLONE_VM, with CLONE_VFORK, with CLONE_FS|CLONE_FILES, and threads (which are not
 * children) in an order and number chosen from the nonce: wait4(-1) reaps each child
 * exactly once (the sum of their exit codes comes back), getppid in each is the caller,
 * and then wait4 says ECHILD. */
#include "contract.h"
#include "threads.h"

static volatile long parent_pid;

static int child(void* arg) {
    return raw_syscall(SYS_getppid, 0, 0, 0, 0, 0, 0) == parent_pid ? (int)(long)arg : 255;
}

int main(void) {
    parent_pid = getpid();
    static const unsigned long kinds[] = {
        0, CLONE_VM, CLONE_VM | CLONE_VFORK, CLONE_FS | CLONE_FILES, CLONE_VM | CLONE_SIGHAND,
    };
    struct raw_thread ts[24], threads[8];
    int n = (int)contract_range(6, 24), nthreads = 0, expected = 0;
    for (int i = 0; i < n; ++i) {
        int code = (int)contract_range(1, 100);
        unsigned long kind = kinds[contract_range(0, 4)];
        raw_start(&ts[i], kind | SIGCHLD, child, (void*)(long)code);
        expected += code;
        if (contract_range(0, 2) == 0 && nthreads < 8)
            raw_start(&threads[nthreads++], THREAD_FLAGS, child, (void*)(long)code);
    }
    for (int i = 0; i < nthreads; ++i) raw_join(&threads[i]);
    int reaped = 0, sum = 0, st;
    pid_t r;
    while ((r = wait4(-1, &st, 0, NULL)) > 0) {
        ++reaped;
        sum += WIFEXITED(st) ? WEXITSTATUS(st) : 1000;
    }
    printf("children made: %d, reaped: %d\n", n, reaped);
    printf("sum of exit codes: %d (expected %d)\n", sum, expected);
    printf("then wait4: %s\n", r == -1 ? errname(errno) : "more");
    for (int i = 0; i < n; ++i) munmap(ts[i].stack, RAW_STACK);
    return 0;
}
