/* Contract: exit_group ends threads wherever they sleep. In a forked process, threads
 * block in a futex wait, rt_sigsuspend, nanosleep (a long one) and pthread_cond_wait, and
 * one more thread calls exit_group with a code from the nonce: the parent sees that code
 * at once (not after the sleep), whichever thread the order from the nonce starts last. */
#include "contract.h"
#include "threads.h"
#include <pthread.h>

static volatile int asleep;
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;

static void* in_futex(void* arg) {
    static volatile int never;
    flag_add(&asleep, 1);
    for (;;) raw_futex(&never, FUTEX_WAIT, 0, NULL, NULL, 0);
    return NULL;
}
static void* in_sigsuspend(void* arg) {
    sigset_t none;
    sigemptyset(&none);
    flag_add(&asleep, 1);
    for (;;) sigsuspend(&none);
    return NULL;
}
static void* in_nanosleep(void* arg) {
    struct timespec ts = {3600, 0};
    flag_add(&asleep, 1);
    for (;;) nanosleep(&ts, NULL);
    return NULL;
}
static void* in_cond(void* arg) {
    pthread_mutex_lock(&m);
    flag_add(&asleep, 1);
    for (;;) pthread_cond_wait(&c, &m);
    return NULL;
}

int main(void) {
    void* (*kinds[4])(void*) = {in_futex, in_sigsuspend, in_nanosleep, in_cond};
    int code = (int)contract_range(0, 255);
    int first = (int)contract_range(0, 3);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pid_t pid = fork_flushed();
    if (pid == 0) {
        pthread_t t;
        for (int i = 0; i < 4; ++i) pthread_create(&t, NULL, kinds[(first + i) % 4], NULL);
        flag_wait(&asleep, 4);
        syscall(SYS_exit_group, code);
    }
    int st = wait_for(pid);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    printf("exit_group(%d) with threads asleep: %s, within a minute: %s\n", code,
           describe_status(st), t1.tv_sec - t0.tv_sec < 60 ? "yes" : "no");
    return 0;
}
