/* Contract: detached threads. Threads created detached (by attribute) and threads that
 * detach themselves run to the end and are cleaned up without a join; main counts their
 * work (a number of threads and a sum from the nonce) through a counter they add to.
 * pthread_attr_getdetachstate reads back what was set. */
#include "contract.h"
#include "threads.h"
#include <pthread.h>

static volatile int done;
static volatile long total;

static void* work(void* arg) {
    if ((long)arg & 1) pthread_detach(pthread_self());
    __atomic_add_fetch(&total, (long)arg, __ATOMIC_SEQ_CST);
    flag_add(&done, 1);
    return NULL;
}

int main(void) {
    int n = (int)contract_range(2, 24);
    long expect = 0;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    int state;
    pthread_attr_getdetachstate(&attr, &state);
    printf("detach state read back: %s\n",
           state == PTHREAD_CREATE_DETACHED ? "detached" : "joinable");
    for (int i = 0; i < n; ++i) {
        long v = (long)contract_range(0, 1 << 20);
        expect += v;
        pthread_t t;
        int e = pthread_create(&t, (v & 1) ? NULL : &attr, work, (void*)v);
        if (e) printf("pthread_create: %s\n", errname(e));
    }
    flag_wait(&done, n);
    printf("%d detached threads done, total %ld (expected %ld)\n", done, total, expect);
    return 0;
}
