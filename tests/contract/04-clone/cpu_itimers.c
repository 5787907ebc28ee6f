/* Contract: ITIMER_VIRTUAL and ITIMER_PROF count the process's CPU time. A busy loop in
 * user mode makes ITIMER_VIRTUAL send SIGVTALRM; a loop of system calls makes ITIMER_PROF
 * (user and kernel time) send SIGPROF; a process that only sleeps uses no CPU time, so a
 * second-long ITIMER_VIRTUAL does not fire during the sleep and keeps most of its value. A periodic ITIMER_PROF fires again and again, in a second thread's time too. The
 * interval reads back exactly; clearing returns the old setting. Errors: which = 5 is
 * EINVAL, a negative tv_usec is EINVAL, a bad pointer is EFAULT. Counts and amounts come
 * from the nonce. */
#include "contract.h"
#include "threads.h"
#include <pthread.h>
#include <sys/time.h>

static volatile int vtalrms, profs;
static volatile int stop_spin;

static void on_vtalrm(int sig) {
    (void)sig;
    ++vtalrms;
}
static void on_prof(int sig) {
    (void)sig;
    ++profs;
}

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void* spinner(void* arg) {
    (void)arg;
    while (!stop_spin) __asm__ volatile("" ::: "memory");
    return NULL;
}

int main(void) {
    signal(SIGVTALRM, on_vtalrm);
    signal(SIGPROF, on_prof);

    /* ITIMER_VIRTUAL: user time only. A sleep uses none: a timer of a second or two is
     * still armed, with more than half left (only a stall of the virtual CPU of half a
     * second inside the program's few user-mode instructions could eat it). */
    long secs = (long)contract_range(1, 2);
    struct itimerval it = {{0, 0}, {secs, 0}}, got;
    SHOW("setitimer(ITIMER_VIRTUAL, seconds)", setitimer(ITIMER_VIRTUAL, &it, NULL));
    struct timespec nap = {0, 50 * 1000 * 1000};
    nanosleep(&nap, NULL);
    getitimer(ITIMER_VIRTUAL, &got);
    printf(
        "after a sleep: not fired: %s, value still more than half: %s\n",
        vtalrms == 0 ? "yes" : "no",
        got.it_value.tv_sec * 2000000L + got.it_value.tv_usec * 2 > secs * 1000000L ? "yes" : "no");
    /* Then a few milliseconds of it, used up by a busy loop. */
    long usec = (long)contract_range(5000, 30000);
    it.it_value.tv_sec = 0;
    it.it_value.tv_usec = usec;
    SHOW("setitimer(ITIMER_VIRTUAL, milliseconds)", setitimer(ITIMER_VIRTUAL, &it, &got));
    printf("the old setting comes back, armed and no more than set: %s\n",
           (got.it_value.tv_sec || got.it_value.tv_usec) && got.it_value.tv_sec <= secs ? "yes"
                                                                                        : "no");
    double t0 = now_s();
    while (!vtalrms && now_s() - t0 < 20) __asm__ volatile("" ::: "memory");
    printf("busy loop: SIGVTALRM %s\n", vtalrms == 1 ? "once" : vtalrms ? "more" : "never");
    getitimer(ITIMER_VIRTUAL, &got);
    printf("one-shot: disarmed after firing: %s\n",
           got.it_value.tv_sec == 0 && got.it_value.tv_usec == 0 ? "yes" : "no");

    /* ITIMER_PROF: user and kernel time; periodic. */
    long interval = (long)contract_range(2000, 8000);
    struct itimerval periodic = {{0, interval}, {0, interval}};
    SHOW("setitimer(ITIMER_PROF, periodic)", setitimer(ITIMER_PROF, &periodic, NULL));
    getitimer(ITIMER_PROF, &got);
    printf("interval reads back: %s\n",
           got.it_interval.tv_sec == 0 && got.it_interval.tv_usec == interval ? "yes" : "no");
    int want = (int)contract_range(3, 6);
    t0 = now_s();
    while (profs < want && now_s() - t0 < 20) syscall(SYS_getppid);
    printf("system-call loop: SIGPROF at least %d times: %s\n", want, profs >= want ? "yes" : "no");

    /* Another thread's CPU time counts for the process. */
    profs = 0;
    sigset_t prof, old;
    sigemptyset(&prof);
    sigaddset(&prof, SIGPROF);
    pthread_sigmask(SIG_BLOCK, &prof, &old); /* the spinner takes no handler frames */
    pthread_t th;
    pthread_create(&th, NULL, spinner, NULL);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    t0 = now_s();
    while (profs < want && now_s() - t0 < 20) nanosleep(&(struct timespec){0, 1000000}, NULL);
    stop_spin = 1;
    pthread_join(th, NULL);
    printf("a spinning thread's time fires it: %s\n", profs >= want ? "yes" : "no");

    struct itimerval zero = {{0, 0}, {0, 0}};
    setitimer(ITIMER_PROF, &zero, &got);
    printf("clearing returns the old interval: %s\n",
           got.it_interval.tv_usec == interval ? "yes" : "no");
    SHOW("setitimer(5)", syscall(SYS_setitimer, 5, &it, NULL));
    struct itimerval bad = {{0, 0}, {0, -1}};
    SHOW("setitimer(ITIMER_PROF, tv_usec -1)", syscall(SYS_setitimer, ITIMER_PROF, &bad, NULL));
    SHOW("getitimer(ITIMER_VIRTUAL, bad pointer)",
         syscall(SYS_getitimer, ITIMER_VIRTUAL, (void*)8));
    printf("want %d\n", want);
    contract_token();
    return 0;
}
