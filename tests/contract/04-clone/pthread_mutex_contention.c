/* Contract: mutexes under contention. Four threads each add to a shared counter a number
 * of times (from the nonce) under a normal mutex, and a recursive mutex taken twice per
 * step; the total is exact. trylock on a held mutex is EBUSY; an error-checking mutex
 * locked twice by its owner is EDEADLK and unlocked by another thread EPERM. */
#include "contract.h"
#include <pthread.h>

static pthread_mutex_t plain = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t rec;
static long counter, counter2;
static int rounds;

static void* work(void* arg) {
    for (int i = 0; i < rounds; ++i) {
        pthread_mutex_lock(&plain);
        ++counter;
        pthread_mutex_unlock(&plain);
        pthread_mutex_lock(&rec);
        pthread_mutex_lock(&rec);
        counter2 += 2;
        pthread_mutex_unlock(&rec);
        pthread_mutex_unlock(&rec);
    }
    return NULL;
}

static pthread_mutex_t checked;
static void* unlock_other(void* arg) { return (void*)(long)pthread_mutex_unlock(&checked); }

static const char* name(int e) { return e == EDEADLK ? "EDEADLK" : errname(e); }

int main(void) {
    pthread_mutexattr_t a;
    pthread_mutexattr_init(&a);
    pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_init(&rec, &a);
    rounds = (int)contract_range(1000, 20000);
    pthread_t t[4];
    for (int i = 0; i < 4; ++i) pthread_create(&t[i], NULL, work, NULL);
    for (int i = 0; i < 4; ++i) pthread_join(t[i], NULL);
    printf("4 threads x %d rounds: counter %ld, recursive counter %ld\n", rounds, counter,
           counter2);
    pthread_mutex_lock(&plain);
    printf("trylock(held): %s\n", errname(pthread_mutex_trylock(&plain)));
    pthread_mutex_unlock(&plain);
    printf("trylock(free): %s\n", errname(pthread_mutex_trylock(&plain)));
    pthread_mutex_unlock(&plain);
    pthread_mutexattr_settype(&a, PTHREAD_MUTEX_ERRORCHECK);
    pthread_mutex_init(&checked, &a);
    pthread_mutex_lock(&checked);
    printf("error-checking lock twice: %s\n", name(pthread_mutex_lock(&checked)));
    pthread_t o;
    void* r;
    pthread_create(&o, NULL, unlock_other, NULL);
    pthread_join(o, &r);
    printf("error-checking unlock by another thread: %s\n", name((int)(long)r));
    printf("unlock by the owner: %s\n", name(pthread_mutex_unlock(&checked)));
    return 0;
}
