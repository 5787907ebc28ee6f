/* Contract: exit (SYS_exit) ends one thread, exit_group all of them. In a forked process:
 * a thread exits and the main thread goes on (it exits with a code from the nonce); the
 * main thread exits first with SYS_exit and the group lives on in its other thread until
 * that one ends, with exit or with exit_group: the parent sees the process end only then,
 * with the last thread's code in both cases. */
#include "contract.h"
#include "threads.h"

static volatile int release, main_gone;

static int thread_exit(void* arg) {
    flag_wait(&release, main_gone);
    return (int)(long)arg;
}

static int thread_exit_group(void* arg) {
    flag_wait(&release, main_gone);
    raw_syscall(SYS_exit_group, (long)arg, 0, 0, 0, 0, 0);
    return 0;
}

static void scenario(const char* label, int (*fn)(void*), int main_first) {
    int main_code = (int)contract_range(1, 120), thread_code = (int)contract_range(121, 250);
    pid_t pid = fork_flushed();
    if (pid == 0) {
        struct raw_thread t;
        main_gone = main_first ? 0 : 1;
        release = main_first ? -1 : 0;
        raw_start(&t, THREAD_FLAGS, fn, (void*)(long)thread_code);
        if (main_first) {
            /* the thread goes on only once this thread is gone: release holds this thread's
               tid, and set_tid_address makes the kernel clear it (and wake) at its exit,
               after the group's count of live threads went down */
            release = (int)raw_gettid();
            raw_syscall(SYS_set_tid_address, (long)&release, 0, 0, 0, 0, 0);
            raw_syscall(SYS_exit, main_code, 0, 0, 0, 0, 0);
        }
        flag_set(&release, 1);
        raw_join(&t);
        _exit(main_code);
    }
    printf("%s: codes main %d, thread %d: %s\n", label, main_code, thread_code,
           describe_status(wait_for(pid)));
}

int main(void) {
    scenario("thread exits, main goes on", thread_exit, 0);
    scenario("main exits first, thread exits", thread_exit, 1);
    scenario("main exits first, thread exit_groups", thread_exit_group, 1);
    contract_token();
    return 0;
}
