/* Contract: pthread_create and pthread_join. A number of threads from the nonce each get
 * an argument (from the nonce) and return a value computed from it, which pthread_join
 * hands back; each thread's pthread_self differs from the others' and from main's, and
 * its tid (gettid) is not the process id. Threads made with a given stack size run on it.
 * Errors: a stack size below PTHREAD_STACK_MIN is EINVAL. */
#include "contract.h"
#include <limits.h>
#include <pthread.h>

static pthread_t selves[16];
static int tids_differ[16];

static void* work(void* arg) {
    long i = (long)arg >> 32, v = (long)arg & 0xffffffff;
    selves[i] = pthread_self();
    tids_differ[i] = gettid() != getpid();
    return (void*)(v * 3 + 1);
}

int main(void) {
    int n = (int)contract_range(2, 16);
    pthread_t t[16];
    long expect = 0, got = 0;
    for (long i = 0; i < n; ++i) {
        long v = (long)contract_range(0, 1 << 20);
        expect += v * 3 + 1;
        pthread_attr_t attr;
        pthread_attr_init(&attr);
        if (i % 2)
            pthread_attr_setstacksize(&attr, PTHREAD_STACK_MIN + 65536 * contract_range(0, 4));
        int e = pthread_create(&t[i], &attr, work, (void*)(i << 32 | v));
        pthread_attr_destroy(&attr);
        if (e) printf("pthread_create %ld: %s\n", i, errname(e));
    }
    int distinct = 1, tid_ok = 1;
    for (int i = 0; i < n; ++i) {
        void* r;
        pthread_join(t[i], &r);
        got += (long)r;
    }
    for (int i = 0; i < n; ++i) {
        tid_ok &= tids_differ[i];
        if (pthread_equal(selves[i], pthread_self())) distinct = 0;
        for (int j = 0; j < i; ++j)
            if (pthread_equal(selves[i], selves[j])) distinct = 0;
    }
    printf("%d threads joined, sum of results %ld (expected %ld)\n", n, got, expect);
    printf("pthread_self distinct: %s, tids not the pid: %s\n", distinct ? "yes" : "no",
           tid_ok ? "yes" : "no");
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    SHOW_ERRNUM("pthread_attr_setstacksize(below the minimum)",
                pthread_attr_setstacksize(&attr, (size_t)contract_range(1, PTHREAD_STACK_MIN - 1)));
    return 0;
}
