/* user/bench/thread.c — figures of lab 04: threads, futexes and signals.
 *
 *   thread_create_join_ns   pthread_create of a thread that returns at once, and its join
 *   futex_pingpong_ns       one round trip between two threads through one futex word
 *                           (each waits in FUTEX_WAIT for the other's FUTEX_WAKE)
 *   signal_roundtrip_ns     tgkill to oneself with a handler installed: the signal is
 *                           delivered, the handler runs, rt_sigreturn comes back
 *   futex_switch_ns         the same ping-pong with both threads pinned to one CPU: each
 *                           half is a context switch through a futex
 *
 * A kernel without threads, futexes or signal delivery (ours before lab 04) cannot run
 * them: each figure first runs one round in a forked child (probe_in_child) and, when
 * that child fails, dies or hangs, reports "bench-error NAME: unsupported: ..." instead
 * of taking the benchmark down. bench/bench.py counts such a figure as missing only once
 * lab 04's status is ready.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"

/* Linux's futex operations (uapi linux/futex.h, which musl does not ship). */
#define FUTEX_WAIT_PRIVATE 128
#define FUTEX_WAKE_PRIVATE 129

static double per_op(uint64_t t0, long n) { return (double)(bench_now_ns() - t0) / (double)n; }

static long futex(volatile int* word, int op, int val) {
    return syscall(SYS_futex, word, op, val, NULL, NULL, 0);
}

/* --- thread create + join ------------------------------------------------------------- */

static void* nothing(void* arg) { return arg; }

static double create_join_round(long n) {
    uint64_t t0 = bench_now_ns();
    for (long i = 0; i < n; ++i) {
        pthread_t t;
        void* out = 0;
        if (pthread_create(&t, NULL, nothing, (void*)i) != 0) return -1;
        if (pthread_join(t, &out) != 0 || out != (void*)i) return -1;
    }
    return per_op(t0, n);
}

/* --- futex ping-pong -------------------------------------------------------------------- */

struct pingpong {
    volatile int word; /* 0: the main thread's turn, 1: the partner's */
    long rounds;
    int cpu; /* -1: anywhere; else both threads pinned there */
};

static int pin(int cpu) {
    if (cpu < 0) return 0;
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    return sched_setaffinity(0, sizeof set, &set);
}

static void wait_for(volatile int* word, int want) {
    int v;
    while ((v = __atomic_load_n(word, __ATOMIC_ACQUIRE)) != want)
        futex(word, FUTEX_WAIT_PRIVATE, v);
}

static void hand_over(volatile int* word, int to) {
    __atomic_store_n(word, to, __ATOMIC_RELEASE);
    futex(word, FUTEX_WAKE_PRIVATE, 1);
}

static void* partner(void* arg) {
    struct pingpong* p = arg;
    if (pin(p->cpu) != 0) return (void*)1;
    for (long i = 0; i < p->rounds; ++i) {
        wait_for(&p->word, 1);
        hand_over(&p->word, 0);
    }
    return NULL;
}

static double pingpong(long n, int cpu) {
    struct pingpong p = {0, n, cpu};
    if (pin(cpu) != 0) return -1;
    pthread_t t;
    if (pthread_create(&t, NULL, partner, &p) != 0) return -1;
    uint64_t t0 = bench_now_ns();
    for (long i = 0; i < n; ++i) {
        hand_over(&p.word, 1);
        wait_for(&p.word, 0);
    }
    double v = per_op(t0, n);
    void* out = 0;
    if (pthread_join(t, &out) != 0 || out) return -1;
    cpu_set_t all;
    CPU_ZERO(&all);
    for (int c = 0; c < 64; ++c) CPU_SET(c, &all);
    if (cpu >= 0) sched_setaffinity(0, sizeof all, &all);
    return v;
}

static double pingpong_round(long n) { return pingpong(n, -1); }
/* A round trip is two switches: the figure is one switch. */
static double switch_round(long n) {
    double v = pingpong(n, 0);
    return v < 0 ? v : v / 2;
}

/* --- signal round trip ------------------------------------------------------------------ */

static volatile long handled;

static void on_usr1(int sig) { handled += sig == SIGUSR1; }

static double signal_round(long n) {
    struct sigaction sa = {0};
    sa.sa_handler = on_usr1;
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGUSR1, &sa, NULL) != 0) return -1;
    pid_t pid = getpid(), tid = (pid_t)syscall(SYS_gettid);
    long before = handled;
    uint64_t t0 = bench_now_ns();
    for (long i = 0; i < n; ++i)
        if (syscall(SYS_tgkill, pid, tid, SIGUSR1) != 0) return -1;
    double v = per_op(t0, n);
    signal(SIGUSR1, SIG_DFL);
    return handled - before == n ? v : -1;
}

/* --- the probe ---------------------------------------------------------------------------- */

/* Runs @round(1) in a forked child with a deadline: null when it worked, else why not. */
static const char* probe_in_child(round_fn round) {
    static char why[96];
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0) return "fork failed";
    if (pid == 0) _exit(round(2) < 0 ? 1 : 0);
    struct timespec tick = {0, 10 * 1000 * 1000};
    int status = 0;
    for (int waited = 0; waited < 300; ++waited) { /* 3 s */
        pid_t got = waitpid(pid, &status, WNOHANG);
        if (got == pid) {
            if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return NULL;
            if (WIFSIGNALED(status))
                snprintf(why, sizeof why, "unsupported: a trial run was killed by signal %d",
                         WTERMSIG(status));
            else snprintf(why, sizeof why, "unsupported: a trial run failed");
            return why;
        }
        if (got < 0) return "unsupported: waitpid failed";
        nanosleep(&tick, NULL);
    }
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
    return "unsupported: a trial run hung for 3 s (a lost wake-up?)";
}

static const char* probe_create_join(void) { return probe_in_child(create_join_round); }
static const char* probe_pingpong(void) { return probe_in_child(pingpong_round); }
static const char* probe_signal(void) { return probe_in_child(signal_round); }
static const char* probe_switch(void) { return probe_in_child(switch_round); }

const struct figure thread_figures[] = {
    {"thread_create_join_ns", create_join_round, 2000, 100, probe_create_join},
    {"futex_pingpong_ns", pingpong_round, 10000, 500, probe_pingpong},
    {"signal_roundtrip_ns", signal_round, 10000, 500, probe_signal},
    {"futex_switch_ns", switch_round, 10000, 500, probe_switch},
    {0, 0, 0, 0, 0},
};
