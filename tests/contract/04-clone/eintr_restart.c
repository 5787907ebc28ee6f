/* Contract: EINTR and SA_RESTART. The main thread sleeps in FUTEX_WAIT and a helper
 * thread, once it knows the main thread is asleep (it moves the sleeper to a second word
 * and back), sends it a signal whose handler changes the word. Without SA_RESTART the wait
 * returns EINTR; with SA_RESTART it restarts and sees the changed word: EAGAIN. A wait
 * with a timeout returns EINTR even with SA_RESTART, and so do nanosleep and pause (the
 * helper signals them until they return). The handler runs once per interrupted futex
 * wait. The timeouts are long and from the nonce: a lost signal shows as a time-out. */
#include "contract.h"
#include "threads.h"

static volatile int word, park, handled, done;
static volatile long main_tid;

static void handler(int sig) {
    word = 1;
    ++handled;
}

static int poke_sleeper(void* arg) {
    futex_gather(&word, &park, 1, 0);
    raw_futex(&park, FUTEX_REQUEUE, 0, (void*)1L, &word, 0);
    raw_syscall(SYS_tgkill, raw_syscall(SYS_getpid, 0, 0, 0, 0, 0, 0), main_tid, SIGUSR1, 0, 0, 0);
    return 0;
}

static int poke_until_done(void* arg) {
    while (!done) {
        raw_syscall(SYS_tgkill, raw_syscall(SYS_getpid, 0, 0, 0, 0, 0, 0), main_tid, SIGUSR1, 0, 0,
                    0);
        struct timespec ts = ms_timeout(5);
        raw_syscall(SYS_nanosleep, (long)&ts, 0, 0, 0, 0, 0);
    }
    return 0;
}

static void on_signal(int restart) {
    struct sigaction sa = {0};
    sa.sa_handler = handler;
    sa.sa_flags = restart ? SA_RESTART : 0;
    sigaction(SIGUSR1, &sa, NULL);
}

static void futex_case(const char* label, int restart, int timed) {
    on_signal(restart);
    word = 0;
    handled = 0;
    struct timespec limit = ms_timeout((long)contract_range(20000, 30000));
    struct raw_thread t;
    raw_start(&t, THREAD_FLAGS, poke_sleeper, NULL);
    long r = syscall(SYS_futex, &word, FUTEX_WAIT, 0, timed ? &limit : NULL, NULL, 0);
    int e = errno;
    raw_join(&t);
    printf("%s: %s, handler ran %d time(s)\n", label, r == 0 ? "0" : errname(e), handled);
    contract_observe((unsigned)e);
}

int main(void) {
    main_tid = gettid();
    futex_case("FUTEX_WAIT, no SA_RESTART", 0, 0);
    futex_case("FUTEX_WAIT, SA_RESTART", 1, 0);
    futex_case("FUTEX_WAIT with a timeout, SA_RESTART", 1, 1);
    on_signal(1);
    struct raw_thread t;
    done = 0;
    raw_start(&t, THREAD_FLAGS, poke_until_done, NULL);
    struct timespec ts = ms_timeout((long)contract_range(20000, 30000));
    SHOW("nanosleep, SA_RESTART", nanosleep(&ts, NULL));
    SHOW("pause, SA_RESTART", pause());
    done = 1;
    raw_join(&t);
    contract_token();
    return 0;
}
