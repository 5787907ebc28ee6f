/* Contract: thread-local storage. Each thread writes its own value (from the nonce) to a
 * __thread variable and a pthread key, yields for a while, and reads back its own value
 * while the others write theirs; a new thread starts with the initial value of the
 * __thread variable, not its creator's; key destructors run at each thread's exit with
 * that thread's value. */
#include "contract.h"
#include <pthread.h>
#include <sched.h>

static __thread long tls = 42;
static __thread char tls_bytes[64] = "initial";
static pthread_key_t key;
static volatile long destructed;

static void destructor(void* v) { __atomic_add_fetch(&destructed, (long)v, __ATOMIC_SEQ_CST); }

static void* work(void* arg) {
    long v = (long)arg;
    int fresh = tls == 42 && strcmp(tls_bytes, "initial") == 0;
    tls = v;
    snprintf(tls_bytes, sizeof tls_bytes, "%ld", v);
    pthread_setspecific(key, (void*)v);
    for (int i = 0; i < 200; ++i) sched_yield();
    char expect[64];
    snprintf(expect, sizeof expect, "%ld", v);
    int ok = tls == v && strcmp(tls_bytes, expect) == 0 && (long)pthread_getspecific(key) == v;
    return (void*)(long)(fresh << 1 | ok);
}

int main(void) {
    pthread_key_create(&key, destructor);
    tls = -1;
    strcpy(tls_bytes, "main");
    int n = (int)contract_range(2, 12);
    pthread_t t[12];
    long sum = 0;
    for (int i = 0; i < n; ++i) {
        long v = (long)contract_range(1, 1 << 20);
        sum += v;
        pthread_create(&t[i], NULL, work, (void*)v);
    }
    int fresh = 0, kept = 0;
    for (int i = 0; i < n; ++i) {
        void* r;
        pthread_join(t[i], &r);
        fresh += (long)r >> 1 & 1;
        kept += (long)r & 1;
    }
    printf("%d threads: started with the initial values %d, kept their own %d\n", n, fresh, kept);
    printf("main's own: %s\n", tls == -1 && strcmp(tls_bytes, "main") == 0 ? "kept" : "changed");
    printf("destructors saw every value: %s (sum %ld)\n", destructed == sum ? "yes" : "no", sum);
    return 0;
}
