/* Contract: seed bug, clone with CLONE_VM|CLONE_VFORK blocks the parent until the child
 * exits or execs. The child sleeps before it writes a word (chosen from the nonce) and
 * exits; when clone returns in the parent, the word is already there. vfork() (libc)
 * does the same, and a child that execs this program again releases the parent before
 * it exits (the parent's word, written by the child before execve, is seen). Error case:
 * a CLONE_VFORK child killed by a signal releases the parent too (its status says so). */
#include "contract.h"
#include "threads.h"

static volatile long word;

static int late_writer(void* arg) {
    struct timespec ts = ms_timeout(100);
    raw_syscall(SYS_nanosleep, (long)&ts, 0, 0, 0, 0, 0);
    word = (long)arg;
    return 0;
}

static int killed(void* arg) {
    struct timespec ts = ms_timeout(50);
    raw_syscall(SYS_nanosleep, (long)&ts, 0, 0, 0, 0, 0);
    raw_syscall(SYS_kill, raw_syscall(SYS_getpid, 0, 0, 0, 0, 0, 0), SIGKILL, 0, 0, 0, 0);
    return 0;
}

int main(int argc, char** argv) {
    if (argc > 2 && strcmp(argv[1], "--ran") == 0) {
        printf("re-executed with %s\n", argv[2]);
        return 0;
    }
    long value = (long)contract_random() | 1;
    struct raw_thread t;
    long pid = raw_start(&t, CLONE_VM | CLONE_VFORK | SIGCHLD, late_writer, (void*)value);
    printf("clone(CLONE_VM|CLONE_VFORK) returned after the child's write: %s\n",
           word == value ? "yes" : "no");
    printf("child: %s\n", describe_status(wait_for((pid_t)pid)));
    munmap(t.stack, RAW_STACK);

    pid = raw_start(&t, CLONE_VM | CLONE_VFORK | SIGCHLD, killed, NULL);
    printf("CLONE_VFORK child killed: %s\n", describe_status(wait_for((pid_t)pid)));
    munmap(t.stack, RAW_STACK);

    char w[24];
    contract_word(w, contract_range(3, 20));
    word = 0;
    fflush(stdout);
    pid = vfork();
    if (pid == 0) {
        word = value;
        char* args[] = {argv[0], "--ran", w, NULL};
        execve(self_path(), args, environ);
        _exit(127);
    }
    int written = word == value;
    int st = wait_for((pid_t)pid); /* the re-executed child prints first */
    printf("vfork returned after the child's write: %s\n", written ? "yes" : "no");
    printf("vfork child: %s\n", describe_status(st));
    contract_observe((unsigned long)word);
    contract_token();
    return 0;
}
