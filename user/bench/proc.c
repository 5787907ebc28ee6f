/* user/bench/proc.c — figures of process creation.
 *
 *   fork_exit_wait_ns   fork, the child _exits at once, the parent reaps it
 *   vfork_exit_wait_ns  the same with vfork (ours: vfork behaves as fork until lab 04)
 *   fork_exec_wait_ns   fork, the child execs /bench/hello (a tiny static program that
 *                       returns 0), the parent reaps it
 */
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"

static char* const HELLO_ARGV[] = {"/bench/hello", 0};
static char* const HELLO_ENVP[] = {"PATH=/bin", 0};

static int reap(pid_t pid, int want) {
    int status;
    if (pid < 0 || waitpid(pid, &status, 0) != pid) return -1;
    return WIFEXITED(status) && WEXITSTATUS(status) == want ? 0 : -1;
}

static double fork_exit_round(long n) {
    uint64_t t0 = bench_now_ns();
    for (long i = 0; i < n; ++i) {
        pid_t pid = fork();
        if (pid == 0) _exit(7);
        if (reap(pid, 7) < 0) return -1;
    }
    return (double)(bench_now_ns() - t0) / (double)n;
}

static double vfork_exit_round(long n) {
    uint64_t t0 = bench_now_ns();
    for (long i = 0; i < n; ++i) {
        pid_t pid = vfork();
        if (pid == 0) _exit(7);
        if (reap(pid, 7) < 0) return -1;
    }
    return (double)(bench_now_ns() - t0) / (double)n;
}

static double fork_exec_round(long n) {
    uint64_t t0 = bench_now_ns();
    for (long i = 0; i < n; ++i) {
        pid_t pid = fork();
        if (pid == 0) {
            execve(HELLO_ARGV[0], HELLO_ARGV, HELLO_ENVP);
            _exit(127);
        }
        if (reap(pid, 0) < 0) return -1;
    }
    return (double)(bench_now_ns() - t0) / (double)n;
}

const struct figure proc_figures[] = {
    {"fork_exit_wait_ns", fork_exit_round, 400, 20, 0},
    {"vfork_exit_wait_ns", vfork_exit_round, 400, 20, 0},
    {"fork_exec_wait_ns", fork_exec_round, 200, 10, 0},
    {0, 0, 0, 0, 0},
};
