/* Contract: CLONE_CHILD_CLEARTID: when the child exits, the kernel writes 0 to its word
 * and wakes a futex waiter there; a thread that set the word with set_tid_address gets
 * the same. A waiter blocked in FUTEX_WAIT on the word returns 0 and reads 0. Error
 * case: with CLONE_CHILD_CLEARTID but without CLONE_VM, the parent's word is not cleared
 * (only the child's copy is). The values come from the nonce. */
#include "contract.h"
#include "threads.h"

static volatile int tid_word;
static volatile int go;

static int waiter_child(void* arg) {
    flag_wait(&go, 1);
    return 0;
}

static int set_address(void* arg) {
    raw_syscall(SYS_set_tid_address, (long)arg, 0, 0, 0, 0, 0);
    return 0;
}

int main(void) {
    struct raw_thread t;
    long tid = raw_start(&t, THREAD_FLAGS, waiter_child, NULL);
    int before = t.ctid;
    /* wait on the word while the child still runs: go is set only after the wait began
       (FUTEX_WAIT compares first, so a clear that comes first makes it return EAGAIN) */
    flag_set(&go, 1);
    struct timespec limit = ms_timeout(10000); /* a kernel that forgets the wake times out */
    long r = raw_futex(&t.ctid, FUTEX_WAIT, before, &limit, NULL, 0);
    while (t.ctid != 0) raw_futex(&t.ctid, FUTEX_WAIT, t.ctid, NULL, NULL, 0);
    printf("word before exit was the tid: %s\n", before == tid ? "yes" : "no");
    printf("futex wait woken by the exit: %s, word now %d\n", r == 0 || r == -EAGAIN ? "yes" : "no",
           t.ctid);
    munmap(t.stack, RAW_STACK);

    int seed = (int)contract_range(1, 1 << 30);
    tid_word = seed;
    tid = raw_start(
        &t, CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_CHILD_CLEARTID,
        set_address, (void*)&tid_word);
    while (tid_word == seed) raw_futex(&tid_word, FUTEX_WAIT, seed, NULL, NULL, 0);
    while (tid_word != 0) raw_futex(&tid_word, FUTEX_WAIT, tid_word, NULL, NULL, 0);
    munmap(t.stack, RAW_STACK);
    printf("set_tid_address word after the thread's exit: %s\n", tid_word == 0      ? "0"
                                                                 : tid_word == seed ? "unchanged"
                                                                                    : "other");

    tid_word = seed;
    char* stack = mmap(NULL, RAW_STACK, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    tid = raw_clone(CLONE_CHILD_CLEARTID | CLONE_CHILD_SETTID | SIGCHLD, stack + RAW_STACK, NULL,
                    &tid_word, 0, waiter_child, NULL);
    /* (the child's copy of go is already 1) */
    int st = wait_for((pid_t)tid);
    printf("no CLONE_VM: child %s, parent's word %s\n", describe_status(st),
           tid_word == seed ? "unchanged" : "changed");
    contract_observe((unsigned)tid_word ^ (unsigned)seed);
    contract_token();
    return 0;
}
