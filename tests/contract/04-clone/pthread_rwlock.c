/* Contract: read-write locks under contention. Writers add to two counters together under
 * the write lock, a number of times from the nonce; readers check under the read lock that
 * the two are always equal. At the end the counters are exact and no reader saw them
 * differ. tryrdlock and trywrlock on a write-locked lock are EBUSY; several read locks
 * can be held at once. */
#include "contract.h"
#include <pthread.h>

static pthread_rwlock_t lock = PTHREAD_RWLOCK_INITIALIZER;
static volatile long a, b;
static volatile int torn, writers_done;
static int rounds;

static void* writer(void* arg) {
    for (int i = 0; i < rounds; ++i) {
        pthread_rwlock_wrlock(&lock);
        ++a;
        ++b;
        pthread_rwlock_unlock(&lock);
    }
    __atomic_add_fetch(&writers_done, 1, __ATOMIC_SEQ_CST);
    return NULL;
}

static void* reader(void* arg) {
    while (__atomic_load_n(&writers_done, __ATOMIC_SEQ_CST) < 2) {
        pthread_rwlock_rdlock(&lock);
        if (a != b) torn = 1;
        pthread_rwlock_unlock(&lock);
    }
    return NULL;
}

static void* try_both(void* arg) {
    int r = pthread_rwlock_tryrdlock(&lock);
    int w = pthread_rwlock_trywrlock(&lock);
    return (void*)(long)(r << 8 | w);
}

int main(void) {
    rounds = (int)contract_range(2000, 20000);
    pthread_t t[5];
    pthread_create(&t[0], NULL, writer, NULL);
    pthread_create(&t[1], NULL, writer, NULL);
    for (int i = 2; i < 5; ++i) pthread_create(&t[i], NULL, reader, NULL);
    for (int i = 0; i < 5; ++i) pthread_join(t[i], NULL);
    printf("2 writers x %d: a %ld, b %ld; readers saw them differ: %s\n", rounds, a, b,
           torn ? "yes" : "no");
    pthread_rwlock_wrlock(&lock);
    void* r;
    pthread_t o;
    pthread_create(&o, NULL, try_both, NULL);
    pthread_join(o, &r);
    printf("write-locked: tryrdlock %s, trywrlock %s\n", errname((int)(long)r >> 8),
           errname((int)(long)r & 0xff));
    pthread_rwlock_unlock(&lock);
    pthread_rwlock_rdlock(&lock);
    pthread_create(&o, NULL, try_both, NULL);
    pthread_join(o, &r);
    printf("read-locked: tryrdlock %s, trywrlock %s\n", errname((int)(long)r >> 8),
           errname((int)(long)r & 0xff));
    pthread_rwlock_unlock(&lock);
    return 0;
}
