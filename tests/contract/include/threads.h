/* tests/contract/include/threads.h — raw threads, futex words and flags for the lab 04
 * contract programs (include it after "contract.h").
 *
 * A raw thread is made by the clone system call itself, not by pthreads, so a program can
 * pick every flag. It runs a function on a stack of its own and must not touch libc
 * state that lives in thread-local storage (errno, stdio locks): it uses raw_syscall()
 * (which returns -errno and sets nothing) and shared words, and the main thread prints.
 *
 *   struct raw_thread t;
 *   raw_start(&t, CLONE_VM | CLONE_THREAD | CLONE_SIGHAND | ..., fn, arg);  // the tid or -errno
 *   raw_join(&t);        // waits for the CHILD_CLEARTID word to become 0 (futex wake)
 *
 *   flag_set(&word, 3);  // store and futex-wake; flag_wait(&word, 3) sleeps until it holds
 *
 * Everything here is static, so each program stays a standalone file with only main().
 */
#ifndef CONTRACT_THREADS_H
#define CONTRACT_THREADS_H

#include <sched.h>
#include <time.h>

/* The futex operations (musl's headers do not include <linux/futex.h>). */
#ifndef FUTEX_WAIT
#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_REQUEUE 3
#define FUTEX_CMP_REQUEUE 4
#define FUTEX_WAKE_OP 5
#define FUTEX_WAIT_BITSET 9
#define FUTEX_WAKE_BITSET 10
#define FUTEX_PRIVATE_FLAG 128
#define FUTEX_CLOCK_REALTIME 256
#define FUTEX_BITSET_MATCH_ANY 0xffffffff
#define FUTEX_WAIT_PRIVATE (FUTEX_WAIT | FUTEX_PRIVATE_FLAG)
#define FUTEX_WAKE_PRIVATE (FUTEX_WAKE | FUTEX_PRIVATE_FLAG)
#define FUTEX_OP_SET 0
#define FUTEX_OP_ADD 1
#define FUTEX_OP_OR 2
#define FUTEX_OP_ANDN 3
#define FUTEX_OP_XOR 4
#define FUTEX_OP_OPARG_SHIFT 8
#define FUTEX_OP_CMP_EQ 0
#define FUTEX_OP_CMP_NE 1
#define FUTEX_OP_CMP_LT 2
#define FUTEX_OP_CMP_LE 3
#define FUTEX_OP_CMP_GT 4
#define FUTEX_OP_CMP_GE 5
#define FUTEX_OP(op, oparg, cmp, cmparg) \
    ((((op)&0xf) << 28) | (((cmp)&0xf) << 24) | (((oparg)&0xfff) << 12) | ((cmparg)&0xfff))
#define FUTEX_WAITERS 0x80000000
#define FUTEX_OWNER_DIED 0x40000000
#define FUTEX_TID_MASK 0x3fffffff
#endif

/** A system call without libc: the result, or -errno. Safe in any raw thread. */
static inline long raw_syscall(long n, long a1, long a2, long a3, long a4, long a5, long a6) {
    long ret;
    register long r10 __asm__("r10") = a4;
    register long r8 __asm__("r8") = a5;
    register long r9 __asm__("r9") = a6;
    __asm__ volatile("syscall"
                     : "=a"(ret)
                     : "a"(n), "D"(a1), "S"(a2), "d"(a3), "r"(r10), "r"(r8), "r"(r9)
                     : "rcx", "r11", "memory");
    return ret;
}

/** futex(2) without libc: the result or -errno. */
static inline long raw_futex(volatile int* uaddr, int op, int val, const void* timeout,
                             volatile int* uaddr2, int val3) {
    return raw_syscall(SYS_futex, (long)uaddr, op, val, (long)timeout, (long)uaddr2, val3);
}

/* The flag helpers use shared (not PRIVATE) futex operations: they also work on MAP_SHARED
 * memory between processes, and on a word the kernel clears at a thread's exit
 * (CLONE_CHILD_CLEARTID, set_tid_address), whose wake-up is a shared one. */

/** Stores @p v in @p word and wakes every waiter on it. */
static inline void flag_set(volatile int* word, int v) {
    __atomic_store_n(word, v, __ATOMIC_SEQ_CST);
    raw_futex(word, FUTEX_WAKE, 0x7fffffff, NULL, NULL, 0);
}

/** Sleeps until @p word holds @p v (a futex wait on every other value). */
static inline void flag_wait(volatile int* word, int v) {
    for (;;) {
        int cur = __atomic_load_n(word, __ATOMIC_SEQ_CST);
        if (cur == v) return;
        raw_futex(word, FUTEX_WAIT, cur, NULL, NULL, 0);
    }
}

/** Adds @p d to @p word atomically and wakes its waiters; returns the new value. */
static inline int flag_add(volatile int* word, int d) {
    int v = __atomic_add_fetch(word, d, __ATOMIC_SEQ_CST);
    raw_futex(word, FUTEX_WAKE, 0x7fffffff, NULL, NULL, 0);
    return v;
}

/** Waits until @p n waiters sleep on @p from (a futex word whose value stays put), moving
 * each onto @p to as it arrives (FUTEX_CMP_REQUEUE with nothing woken counts them). Then
 * all @p n sleep on @p to: a wake there finds every one of them, whatever the timing. The
 * ops are shared unless @p private_flag is FUTEX_PRIVATE_FLAG. Returns @p n. */
static inline int futex_gather(volatile int* from, volatile int* to, int n, int private_flag) {
    int moved = 0;
    while (moved < n) {
        long r =
            raw_futex(from, FUTEX_CMP_REQUEUE | private_flag, 0, (void*)0x7fffffffL, to, *from);
        if (r > 0) moved += (int)r;
        if (moved < n) {
            struct timespec ts = {0, 1000000};
            raw_syscall(SYS_nanosleep, (long)&ts, 0, 0, 0, 0, 0);
        }
    }
    return moved;
}

/** Installs @p handler for signals @p a and @p b (SA_RESTART, as signal() does) and blocks
 * both in the calling thread; a thread started afterwards inherits the block. */
static inline void handle_and_block(int a, int b, void (*handler)(int)) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sa.sa_flags = SA_RESTART;
    sigaction(a, &sa, NULL);
    sigaction(b, &sa, NULL);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, a);
    sigaddset(&set, b);
    sigprocmask(SIG_BLOCK, &set, NULL);
}

#define RAW_STACK (64 * 1024)

/** A raw thread: its tid word (CLONE_PARENT_SETTID writes it, CLONE_CHILD_CLEARTID
 * clears it, as pthreads does) and its stack. */
struct raw_thread {
    volatile int ctid;
    char* stack;
};

/** System call @p nr (clone or clone3) whose child starts on a stack that holds, at its
 * top, a function and its argument: the child pops them, calls the function there and ends
 * with exit(its result) (SYS_exit: this thread only). The parent gets the result. */
static inline long raw_clone_call(long nr, long a1, long a2, long a3, long a4, long a5) {
    long ret;
    register long r10 __asm__("r10") = a4;
    register long r8 __asm__("r8") = a5;
    __asm__ volatile(
        "syscall\n\t"
        "test %%rax, %%rax\n\t"
        "jnz 1f\n\t"
        "xor %%ebp, %%ebp\n\t"
        "pop %%rax\n\t"
        "pop %%rdi\n\t"
        "call *%%rax\n\t"
        "mov %%eax, %%edi\n\t"
        "mov %[exit], %%eax\n\t"
        "syscall\n\t"
        "ud2\n"
        "1:"
        : "=a"(ret)
        : "a"(nr), "D"(a1), "S"(a2), "d"(a3), "r"(r10), "r"(r8), [exit] "i"(SYS_exit)
        : "rcx", "r11", "memory");
    return ret;
}

/** clone(@p flags, @p stack_top, @p ptid, @p ctid, @p tls) whose child calls @p fn(@p arg)
 * on @p stack_top (16-byte aligned, with room below) and exits with its result. Returns
 * the child's tid, or -errno. */
static inline long raw_clone(unsigned long flags, void* stack_top, volatile int* ptid,
                             volatile int* ctid, unsigned long tls, int (*fn)(void*), void* arg) {
    unsigned long* sp = (unsigned long*)stack_top;
    *--sp = (unsigned long)arg;
    *--sp = (unsigned long)fn;
    return raw_clone_call(SYS_clone, (long)flags, (long)sp, (long)ptid, (long)ctid, (long)tls);
}

/** raw_clone with a fresh stack of RAW_STACK bytes in @p t; CLONE_CHILD_CLEARTID and
 * CLONE_PARENT_SETTID both point at @p t's tid word, CLONE_SETTLS at @p tls. */
static inline long raw_start_tls(struct raw_thread* t, unsigned long flags, int (*fn)(void*),
                                 void* arg, unsigned long tls) {
    t->stack = mmap(NULL, RAW_STACK, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (t->stack == MAP_FAILED) return -ENOMEM;
    t->ctid = -1;
    long ret = raw_clone(flags, t->stack + RAW_STACK, &t->ctid, &t->ctid, tls, fn, arg);
    if (ret < 0) munmap(t->stack, RAW_STACK);
    return ret;
}

static inline long raw_start(struct raw_thread* t, unsigned long flags, int (*fn)(void*),
                             void* arg) {
    return raw_start_tls(t, flags, fn, arg, 0);
}

/** The flags of a thread as pthreads makes it, with the CLEARTID word raw_join waits on. */
#define THREAD_FLAGS                                                                    \
    (CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM | \
     CLONE_CHILD_CLEARTID | CLONE_PARENT_SETTID)

/** Waits until the thread's CHILD_CLEARTID word is 0 (the kernel clears it and wakes it at
 * the thread's exit), then frees its stack. */
static inline void raw_join(struct raw_thread* t) {
    for (;;) {
        int v = __atomic_load_n(&t->ctid, __ATOMIC_SEQ_CST);
        if (v == 0) break;
        raw_futex(&t->ctid, FUTEX_WAIT, v, NULL, NULL, 0);
    }
    munmap(t->stack, RAW_STACK);
}

/** The calling thread's tid, without libc's cache. */
static inline long raw_gettid(void) { return raw_syscall(SYS_gettid, 0, 0, 0, 0, 0, 0); }

/** A relative timeout of @p ms milliseconds. */
static inline struct timespec ms_timeout(long ms) {
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    return ts;
}

#endif
