/* Contract: a CLONE_THREAD child is a thread of the caller's group: getpid gives the
 * group's id, gettid its own, getppid the group's parent; it is no child of the caller
 * (wait4 for its tid is ECHILD, with and without __WALL), and it ends with exit (SYS_exit)
 * alone while the group goes on. A non-thread child (CLONE_VM, no CLONE_THREAD) is a
 * process of its own: getpid equals its tid, its parent is the caller. */
#include "contract.h"
#include "threads.h"

static volatile long seen_pid, seen_tid, seen_ppid, token;

static int child(void* arg) {
    seen_pid = raw_syscall(SYS_getpid, 0, 0, 0, 0, 0, 0);
    seen_tid = raw_gettid();
    seen_ppid = raw_syscall(SYS_getppid, 0, 0, 0, 0, 0, 0);
    token = (long)arg;
    return 0;
}

int main(void) {
    long word = (long)contract_random();
    struct raw_thread t;
    long tid = raw_start(&t, THREAD_FLAGS, child, (void*)word);
    raw_join(&t);
    printf("thread: getpid is the group's: %s\n", seen_pid == getpid() ? "yes" : "no");
    printf("thread: gettid is clone's result: %s\n", seen_tid == tid ? "yes" : "no");
    printf("thread: gettid differs from the group's: %s\n", seen_tid != getpid() ? "yes" : "no");
    printf("thread: getppid is the group's parent: %s\n", seen_ppid == getppid() ? "yes" : "no");
    printf("thread: ran with its argument: %s\n", token == word ? "yes" : "no");
    int st;
    SHOW("wait4(thread tid)", wait4((pid_t)tid, &st, 0, NULL));
    SHOW("wait4(thread tid, __WALL)", wait4((pid_t)tid, &st, __WALL, NULL));

    token = 0;
    long pid = raw_start(&t, CLONE_VM | SIGCHLD, child, (void*)~word);
    int status = wait_for((pid_t)pid);
    munmap(t.stack, RAW_STACK);
    printf("process: getpid is its tid: %s\n",
           seen_pid == seen_tid && seen_pid == pid ? "yes" : "no");
    printf("process: getppid is the caller: %s\n", seen_ppid == getpid() ? "yes" : "no");
    printf("process: %s, ran with its argument: %s\n", describe_status(status),
           token == ~word ? "yes" : "no");
    contract_observe((unsigned long)token);
    contract_token();
    return 0;
}
