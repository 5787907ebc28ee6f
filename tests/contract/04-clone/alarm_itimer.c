/* Contract: alarm, setitimer and getitimer. alarm returns the seconds left of the previous
 * alarm (a number from the nonce comes back from alarm(0), which cancels it); an
 * ITIMER_REAL of a few milliseconds delivers SIGALRM to a process waiting in sigsuspend;
 * getitimer reads back the interval exactly and a value no larger than the one set; a
 * periodic timer fires again and again until it is cleared. Errors: which = 3 is EINVAL,
 * tv_usec of 10^6 is EINVAL. */
#include "contract.h"
#include <sys/time.h>

static volatile int alarms;

static void on_alarm(int sig) { ++alarms; }

int main(void) {
    unsigned secs = (unsigned)contract_range(2, 1000);
    printf("alarm(%u): %u\n", secs, alarm(secs));
    printf("alarm(0) returns the seconds left: %s\n", alarm(0) == secs ? "yes" : "no");
    printf("alarm(0) again: %u\n", alarm(0));
    signal(SIGALRM, on_alarm);
    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGALRM);
    sigprocmask(SIG_BLOCK, &block, &old);
    long usec = (long)contract_range(1000, 20000);
    struct itimerval it = {{0, 0}, {0, usec}}, got;
    SHOW("setitimer(ITIMER_REAL, once)", setitimer(ITIMER_REAL, &it, NULL));
    sigsuspend(&old);
    printf("SIGALRM handled: %d\n", alarms);
    long interval = (long)contract_range(1000, 5000);
    struct itimerval periodic = {{0, interval}, {0, interval}};
    setitimer(ITIMER_REAL, &periodic, NULL);
    getitimer(ITIMER_REAL, &got);
    printf(
        "getitimer: interval %s, value at most the one set: %s\n",
        got.it_interval.tv_usec == interval && got.it_interval.tv_sec == 0 ? "same" : "different",
        got.it_value.tv_sec == 0 && got.it_value.tv_usec <= interval ? "yes" : "no");
    int want = (int)contract_range(3, 6);
    alarms = 0;
    while (alarms < want) sigsuspend(&old);
    struct itimerval zero = {{0, 0}, {0, 0}};
    setitimer(ITIMER_REAL, &zero, &got);
    printf("periodic timer fired %d times; old interval kept: %s\n", alarms,
           got.it_interval.tv_usec == interval ? "yes" : "no");
    getitimer(ITIMER_REAL, &got);
    printf("after clearing: %s\n",
           got.it_value.tv_sec == 0 && got.it_value.tv_usec == 0 ? "disarmed" : "armed");
    SHOW("setitimer(3)", syscall(SYS_setitimer, 3, &it, NULL));
    SHOW("getitimer(3)", syscall(SYS_getitimer, 3, &got));
    struct itimerval bad = {{0, 0}, {0, 1000000}};
    SHOW("setitimer(tv_usec 10^6)", syscall(SYS_setitimer, ITIMER_REAL, &bad, NULL));
    sigprocmask(SIG_SETMASK, &old, NULL);
    contract_token();
    return 0;
}
