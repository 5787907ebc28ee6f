/* Contract: timer and clock calls with bad pointers. Errors: timer_create with its
 * sigevent or its id pointer unmapped is EFAULT; timer_settime with the new value bad,
 * timer_gettime, setitimer and getitimer with bad pointers, and clock_gettime of the CPU
 * clocks into unmapped memory are EFAULT. A timer made after that works (its id comes
 * back, and it can be deleted). Which bad pointer is used is from the nonce. */
#include "contract.h"
#include <sys/resource.h>
#include <sys/time.h>
#include <time.h>

int main(void) {
    char* hole = (char*)before_hole(16) + 16 + 8 * contract_range(0, 400);
    void* bad = contract_range(0, 1) ? (void*)hole : KERNEL_ADDR;
    int id;
    struct sigevent ev;
    memset(&ev, 0, sizeof ev);
    ev.sigev_notify = SIGEV_SIGNAL;
    ev.sigev_signo = SIGUSR1;
    SHOW("timer_create(sigevent bad)", syscall(SYS_timer_create, CLOCK_MONOTONIC, bad, &id));
    SHOW("timer_create(id bad)", syscall(SYS_timer_create, CLOCK_MONOTONIC, &ev, bad));
    SHOW("timer_create", syscall(SYS_timer_create, CLOCK_MONOTONIC, &ev, &id));
    SHOW("timer_settime(new bad)", syscall(SYS_timer_settime, id, 0, bad, NULL));
    SHOW("timer_gettime(bad)", syscall(SYS_timer_gettime, id, bad));
    SHOW("timer_delete", syscall(SYS_timer_delete, id));
    SHOW("setitimer(new bad)", syscall(SYS_setitimer, ITIMER_REAL, bad, NULL));
    SHOW("getitimer(bad)", syscall(SYS_getitimer, ITIMER_REAL, bad));
    SHOW("clock_gettime(PROCESS_CPUTIME, bad)",
         syscall(SYS_clock_gettime, CLOCK_PROCESS_CPUTIME_ID, bad));
    SHOW("clock_gettime(THREAD_CPUTIME, bad)",
         syscall(SYS_clock_gettime, CLOCK_THREAD_CPUTIME_ID, bad));
    SHOW("times(bad)", syscall(SYS_times, bad) == -1 ? -1 : 0);
    SHOW("getrusage(bad)", syscall(SYS_getrusage, RUSAGE_SELF, bad));
    contract_token();
    return 0;
}
