/* Contract: condition variables. Two threads pass a token back and forth a number of
 * times (from the nonce) with one mutex and one condition variable each way: both count
 * every turn. A broadcast wakes every one of several waiters (each sees the predicate).
 * pthread_cond_timedwait with nothing signalled times out: ETIMEDOUT, after its deadline. */
#include "contract.h"
#include <pthread.h>
#include <time.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t to_a = PTHREAD_COND_INITIALIZER, to_b = PTHREAD_COND_INITIALIZER,
                      gate = PTHREAD_COND_INITIALIZER;
static int turn, rounds, a_turns, b_turns, open_gate, passed;

static void* b_side(void* arg) {
    pthread_mutex_lock(&m);
    for (int i = 0; i < rounds; ++i) {
        while (turn != 1) pthread_cond_wait(&to_b, &m);
        ++b_turns;
        turn = 0;
        pthread_cond_signal(&to_a);
    }
    pthread_mutex_unlock(&m);
    return NULL;
}

static void* waiter(void* arg) {
    pthread_mutex_lock(&m);
    while (!open_gate) pthread_cond_wait(&gate, &m);
    ++passed;
    pthread_mutex_unlock(&m);
    return NULL;
}

int main(void) {
    rounds = (int)contract_range(100, 3000);
    pthread_t b;
    pthread_create(&b, NULL, b_side, NULL);
    pthread_mutex_lock(&m);
    for (int i = 0; i < rounds; ++i) {
        ++a_turns;
        turn = 1;
        pthread_cond_signal(&to_b);
        while (turn != 0) pthread_cond_wait(&to_a, &m);
    }
    pthread_mutex_unlock(&m);
    pthread_join(b, NULL);
    printf("ping-pong %d rounds: a %d turns, b %d turns\n", rounds, a_turns, b_turns);
    int n = (int)contract_range(2, 10);
    pthread_t w[10];
    for (int i = 0; i < n; ++i) pthread_create(&w[i], NULL, waiter, NULL);
    pthread_mutex_lock(&m);
    open_gate = 1;
    pthread_cond_broadcast(&gate);
    pthread_mutex_unlock(&m);
    for (int i = 0; i < n; ++i) pthread_join(w[i], NULL);
    printf("broadcast: %d of %d waiters passed\n", passed, n);
    struct timespec dl, now;
    clock_gettime(CLOCK_REALTIME, &dl);
    dl.tv_nsec += (long)contract_range(1, 30) * 1000000L;
    if (dl.tv_nsec >= 1000000000L) dl.tv_sec++, dl.tv_nsec -= 1000000000L;
    pthread_mutex_lock(&m);
    int e = pthread_cond_timedwait(&to_a, &m, &dl);
    pthread_mutex_unlock(&m);
    clock_gettime(CLOCK_REALTIME, &now);
    printf("timedwait: %s, after the deadline: %s\n", errname(e),
           now.tv_sec > dl.tv_sec || (now.tv_sec == dl.tv_sec && now.tv_nsec >= dl.tv_nsec) ? "yes"
                                                                                            : "no");
    return 0;
}
