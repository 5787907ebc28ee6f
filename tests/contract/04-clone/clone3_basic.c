/* Contract: clone3 with struct clone_args: a child with exit_signal SIGCHLD (exit code
 * from the nonce), CLONE_PARENT_SETTID through parent_tid, CLONE_VM with a stack and its
 * size. Errors: a size below the first version's 64 bytes is EINVAL, one above a page
 * E2BIG, non-zero bytes past the known fields E2BIG, an exit_signal above 64 EINVAL, a
 * stack with size 0 EINVAL, unknown flag bits EINVAL, and args in unmapped memory EFAULT. */
#include "contract.h"
#include "threads.h"

/** struct clone_args (linux/sched.h), version 2: 88 bytes. */
struct args {
    unsigned long long flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls,
        set_tid, set_tid_size, cgroup;
};

static volatile long seen;

/** clone3(@p a): the child calls @p fn(@p arg) on the stack that @p a gives it and exits
 * with its result; the parent gets the tid or -errno. */
static long raw_clone3(struct args* a, int (*fn)(void*), void* arg) {
    unsigned long* top = (unsigned long*)(a->stack + a->stack_size);
    top[-1] = (unsigned long)arg;
    top[-2] = (unsigned long)fn;
    a->stack_size -= 16;
    return raw_clone_call(SYS_clone3, (long)a, sizeof *a, 0, 0, 0);
}

static int writer(void* arg) {
    seen = (long)arg;
    return 0;
}

int main(void) {
    static char big[PAGE * 2] __attribute__((aligned(8)));
    struct args* a = (struct args*)big;
    int code = (int)contract_range(1, 255);
    volatile int ptid = 0;
    memset(big, 0, sizeof big);
    a->flags = CLONE_PARENT_SETTID;
    a->parent_tid = (unsigned long)&ptid;
    a->exit_signal = SIGCHLD;
    fflush(stdout);
    long pid = syscall(SYS_clone3, a, sizeof *a);
    if (pid == 0) _exit(code);
    printf("clone3: child %s, parent_tid %s\n", describe_status(wait_for((pid_t)pid)),
           ptid == pid ? "set" : "not set");

    long word = (long)contract_random();
    char* stack = mmap(NULL, RAW_STACK, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    memset(big, 0, sizeof big);
    a->flags = CLONE_VM | CLONE_VFORK;
    a->exit_signal = SIGCHLD;
    a->stack = (unsigned long)stack;
    a->stack_size = RAW_STACK;
    pid = raw_clone3(a, writer, (void*)word);
    printf("clone3(CLONE_VM|CLONE_VFORK, stack): child %s, its write %s\n",
           describe_status(wait_for((pid_t)pid)), seen == word ? "seen" : "not seen");

    memset(big, 0, sizeof big);
    a->exit_signal = SIGCHLD;
    SHOW("clone3(size 32)", syscall(SYS_clone3, a, 32));
    SHOW("clone3(size 2 pages)", syscall(SYS_clone3, a, 2 * PAGE));
    big[sizeof *a + contract_range(0, 100)] = 1;
    SHOW("clone3(non-zero past the fields)", syscall(SYS_clone3, a, sizeof *a + 128));
    memset(big, 0, sizeof big);
    a->exit_signal = contract_range(65, 1000);
    SHOW("clone3(exit_signal above 64)", syscall(SYS_clone3, a, sizeof *a));
    a->exit_signal = SIGCHLD;
    a->stack = (unsigned long)stack;
    a->stack_size = 0;
    SHOW("clone3(stack, size 0)", syscall(SYS_clone3, a, sizeof *a));
    a->stack = 0;
    a->flags = 1ULL << contract_range(40, 63);
    SHOW("clone3(unknown flag)", syscall(SYS_clone3, a, sizeof *a));
    void* hole = before_hole(8);
    SHOW("clone3(args unmapped)", syscall(SYS_clone3, (char*)hole + 8, sizeof *a));
    munmap(stack, RAW_STACK);
    contract_observe((unsigned long)seen);
    contract_token();
    return 0;
}
