/* Contract: barriers. K threads (from the nonce) meet at a barrier R times; in each round
 * exactly one of them gets PTHREAD_BARRIER_SERIAL_THREAD, and no thread starts round r+1
 * before all have finished round r (each checks the round counters of the others).
 * Errors: a barrier for 0 threads is EINVAL. */
#include "contract.h"
#include <pthread.h>

static pthread_barrier_t bar;
static int k, rounds;
static volatile int serials, ahead;
static volatile int progress[16];

static void* work(void* arg) {
    long me = (long)arg;
    for (int r = 0; r < rounds; ++r) {
        progress[me] = r + 1;
        int e = pthread_barrier_wait(&bar);
        if (e == PTHREAD_BARRIER_SERIAL_THREAD) __atomic_add_fetch(&serials, 1, __ATOMIC_SEQ_CST);
        for (int j = 0; j < k; ++j)
            if (progress[j] < r + 1) ahead = 1;
        pthread_barrier_wait(&bar);
    }
    return NULL;
}

int main(void) {
    k = (int)contract_range(2, 12);
    rounds = (int)contract_range(20, 300);
    pthread_barrier_init(&bar, NULL, (unsigned)k);
    pthread_t t[16];
    for (long i = 0; i < k; ++i) pthread_create(&t[i], NULL, work, (void*)i);
    for (int i = 0; i < k; ++i) pthread_join(t[i], NULL);
    printf("%d threads, %d rounds: PTHREAD_BARRIER_SERIAL_THREAD %d times, anyone ahead: %s\n", k,
           rounds, serials, ahead ? "yes" : "no");
    pthread_barrier_t zero;
    SHOW_ERRNUM("pthread_barrier_init(0)", pthread_barrier_init(&zero, NULL, 0));
    return 0;
}
