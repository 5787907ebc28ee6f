/* Contract: a process-directed signal goes to a thread that can take it. Every thread
 * blocks the signals; one thread waits for them in sigwaitinfo. kill(getpid(), sig) for a
 * number of signals from the nonce (each sent after the last was taken) reaches that
 * thread, with the sender's pid and SI_USER; rt_sigqueueinfo's value comes through too. */
#include "contract.h"
#include "threads.h"
#include <pthread.h>

static volatile int taken, sum_ok = 1;
static volatile long values;
static int count;

static void* waiter(void* arg) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigaddset(&set, 42);
    for (int i = 0; i < count; ++i) {
        siginfo_t si;
        int s = sigwaitinfo(&set, &si);
        if (s == SIGUSR1 && (si.si_code != SI_USER || si.si_pid != getpid())) sum_ok = 0;
        if (s == 42) values += (long)si.si_value.sival_ptr;
        flag_add(&taken, 1);
    }
    return NULL;
}

int main(void) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigaddset(&set, 42);
    sigprocmask(SIG_BLOCK, &set, NULL);
    count = (int)contract_range(2, 20);
    pthread_t t;
    pthread_create(&t, NULL, waiter, NULL);
    long expect = 0;
    for (int i = 0; i < count; ++i) {
        if (i % 2) {
            kill(getpid(), SIGUSR1);
        } else {
            siginfo_t si;
            memset(&si, 0, sizeof si);
            si.si_code = SI_QUEUE;
            si.si_pid = getpid();
            long v = (long)contract_range(0, 1 << 20);
            expect += v;
            si.si_value.sival_ptr = (void*)v;
            syscall(SYS_rt_sigqueueinfo, getpid(), 42, &si);
        }
        flag_wait(&taken, i + 1);
    }
    pthread_join(t, NULL);
    printf(
        "%d signals taken by the waiting thread; SIGUSR1 with SI_USER and our pid: %s; values sum %ld (expected %ld)\n",
        taken, sum_ok ? "yes" : "no", values, expect);
    return 0;
}
