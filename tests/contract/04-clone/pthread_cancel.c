/* Contract: pthread_cancel. A thread blocked in pthread_cond_wait (a cancellation point)
 * is cancelled: pthread_join gives PTHREAD_CANCELED and its cleanup handler ran (with
 * the mutex held again, which it releases); a thread with cancellation disabled finishes
 * its work first (its result from the nonce) and is cancelled at the next testcancel
 * after it enables it; an asynchronous-free loop with pthread_testcancel ends there.
 * Errors: none here (pthread_cancel of a finished thread is 0). */
#include "contract.h"
#include "threads.h"
#include <pthread.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t never = PTHREAD_COND_INITIALIZER;
static volatile int cleaned, waiting, disabled_work, go;

static void cleanup(void* arg) {
    cleaned = 1;
    pthread_mutex_unlock(&m);
}

static void* blocked(void* arg) {
    pthread_mutex_lock(&m);
    pthread_cleanup_push(cleanup, NULL);
    flag_set(&waiting, 1);
    for (;;) pthread_cond_wait(&never, &m);
    pthread_cleanup_pop(1);
    return NULL;
}

static void* disabled(void* arg) {
    pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, NULL);
    flag_set(&waiting, 2);
    flag_wait(&go, 1); /* the cancel request arrives meanwhile */
    disabled_work = (int)(long)arg;
    pthread_setcancelstate(PTHREAD_CANCEL_ENABLE, NULL);
    pthread_testcancel();
    return (void*)1;
}

static void* looping(void* arg) {
    flag_set(&waiting, 3);
    for (;;) pthread_testcancel();
    return NULL;
}

int main(void) {
    pthread_t t;
    void* r;
    pthread_create(&t, NULL, blocked, NULL);
    flag_wait(&waiting, 1);
    pthread_mutex_lock(&m); /* it is inside pthread_cond_wait now */
    pthread_mutex_unlock(&m);
    SHOW_ERRNUM("pthread_cancel(blocked in cond_wait)", pthread_cancel(t));
    pthread_join(t, &r);
    printf("joined: %s, cleanup ran: %s\n", r == PTHREAD_CANCELED ? "PTHREAD_CANCELED" : "other",
           cleaned ? "yes" : "no");
    printf("mutex free afterwards: %s\n", pthread_mutex_trylock(&m) == 0 ? "yes" : "no");
    pthread_mutex_unlock(&m);
    int work = (int)contract_range(1, 1 << 20);
    pthread_create(&t, NULL, disabled, (void*)(long)work);
    flag_wait(&waiting, 2);
    pthread_cancel(t);
    flag_set(&go, 1);
    pthread_join(t, &r);
    printf("cancel while disabled: %s, its work %s\n",
           r == PTHREAD_CANCELED ? "PTHREAD_CANCELED" : "other",
           disabled_work == work ? "done" : "not done");
    pthread_create(&t, NULL, looping, NULL);
    flag_wait(&waiting, 3);
    pthread_cancel(t);
    pthread_join(t, &r);
    printf("testcancel loop: %s\n", r == PTHREAD_CANCELED ? "PTHREAD_CANCELED" : "other");
    contract_observe((unsigned)work);
    contract_token();
    return 0;
}
