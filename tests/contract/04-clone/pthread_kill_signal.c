/* Contract: thread-directed signals with pthreads. pthread_kill(t, sig) runs the handler
 * in thread t (pthread_self there is t), for each of several threads in an order from the
 * nonce; a thread that blocks the signal with pthread_sigmask gets it only once it
 * unblocks. pthread_kill(t, 0) checks that t lives: 0. Errors: a signal number of 65 is
 * EINVAL. */
#include "contract.h"
#include "threads.h"
#include <pthread.h>

#define N 6
static pthread_t ts[N];
static volatile int hits[N], ready, release;
static volatile int wrong_thread;

static void handler(int sig) {
    int found = 0;
    for (int i = 0; i < N; ++i)
        if (pthread_equal(pthread_self(), ts[i])) {
            flag_add(&hits[i], 1);
            found = 1;
        }
    if (!found) wrong_thread = 1;
}

static void* work(void* arg) {
    long me = (long)arg;
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    pthread_sigmask(me == 0 ? SIG_BLOCK : SIG_UNBLOCK, &set, NULL);
    flag_add(&ready, 1);
    if (me == 0) {
        flag_wait(&release, 1);
        pthread_sigmask(SIG_UNBLOCK, &set, NULL);
    }
    flag_wait(&release, 2);
    return NULL;
}

int main(void) {
    signal(SIGUSR1, handler);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    for (long i = 0; i < N; ++i) pthread_create(&ts[i], NULL, work, (void*)i);
    flag_wait(&ready, N);
    int order[N] = {0, 1, 2, 3, 4, 5};
    for (int i = N; i > 1; --i) {
        int j = (int)contract_range(0, i - 1), t = order[i - 1];
        order[i - 1] = order[j];
        order[j] = t;
    }
    for (int k = 0; k < N; ++k) {
        int i = order[k];
        pthread_kill(ts[i], SIGUSR1);
        if (i != 0) flag_wait(&hits[i], 1);
    }
    printf("thread 0 (blocking) got it before unblocking: %s\n", hits[0] ? "yes" : "no");
    flag_set(&release, 1);
    flag_wait(&hits[0], 1);
    printf("thread 0 got it after unblocking: %s\n", hits[0] == 1 ? "yes" : "no");
    SHOW_ERRNUM("pthread_kill(thread, 0)", pthread_kill(ts[1], 0));
    SHOW_ERRNUM("pthread_kill(thread, 65)", pthread_kill(ts[1], 65));
    flag_set(&release, 2);
    int each = 1;
    for (int i = 0; i < N; ++i) {
        pthread_join(ts[i], NULL);
        each &= hits[i] == 1;
    }
    printf("each thread's handler ran once, in that thread: %s\n",
           each && !wrong_thread ? "yes" : "no");
    printf("order: %d %d %d %d %d %d\n", order[0], order[1], order[2], order[3], order[4],
           order[5]);
    return 0;
}
