/* Contract: seed bug, tgid for non-thread children. A child made with CLONE_VM but
 * without CLONE_THREAD is its own thread group: its exit_group ends only itself, and the
 * parent goes on to see its exit code (from the nonce). A thread (CLONE_THREAD) that calls
 * exit_group ends every thread of its group: run in a forked process, the process's
 * status is the thread's code, and the main thread's own later exit never happens. */
#include "contract.h"
#include "threads.h"

static int group_exit(void* arg) {
    raw_syscall(SYS_exit_group, (long)arg, 0, 0, 0, 0, 0);
    return 99;
}

int main(void) {
    int code = (int)contract_range(2, 200);
    struct raw_thread t;
    pid_t pid = (pid_t)raw_start(&t, CLONE_VM | CLONE_FS | CLONE_FILES | SIGCHLD, group_exit,
                                 (void*)(long)code);
    printf("CLONE_VM child's exit_group(%d): %s, parent still here\n", code,
           describe_status(wait_for(pid)));
    munmap(t.stack, RAW_STACK);

    code = (int)contract_range(2, 200);
    pid = fork_flushed();
    if (pid == 0) {
        raw_start(&t, THREAD_FLAGS, group_exit, (void*)(long)code);
        for (;;) pause(); /* the thread's exit_group ends this thread too */
    }
    printf("thread's exit_group(%d): process %s\n", code, describe_status(wait_for(pid)));
    contract_observe((unsigned)code);
    contract_token();
    return 0;
}
