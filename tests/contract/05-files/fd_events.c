/* Contract: eventfd, timerfd and signalfd. An eventfd's write adds to its counter and a
 * read takes it all (one with EFD_SEMAPHORE); a read of 0 blocks or is EAGAIN, poll and
 * epoll see POLLIN/POLLOUT. A timerfd counts expirations (a periodic one that was not
 * read counts each period), gettime shows the period and a disarmed timer, an absolute
 * time in the past fires at once, a blocking read sleeps until expiry. A signalfd reads
 * blocked pending signals as struct signalfd_siginfo (signo, code, sender's value), poll
 * sees them, its mask can be replaced. Errors: EINVAL (short buffers, bad flags, bad
 * clocks, bad times, ~0 written, not a timerfd/signalfd), EBADF, EFAULT. */
#include "contract.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <time.h>

int main(void) {
    uint64_t v, init = contract_range(1, 1000);
    int e = eventfd(init, EFD_CLOEXEC | EFD_NONBLOCK);
    printf("eventfd: cloexec %d, nonblock %s\n", fcntl(e, F_GETFD),
           fcntl(e, F_GETFL) & O_NONBLOCK ? "yes" : "no");
    struct pollfd pf = {e, POLLIN | POLLOUT, 0};
    SHOW("poll(counter > 0)", poll(&pf, 1, 0));
    printf("revents %#x\n", pf.revents);
    SHOW("read", read(e, &v, 8));
    printf("value is initval: %s\n", v == init ? "yes" : "no");
    SHOW("read(empty, nonblocking)", read(e, &v, 8));
    SHOW("read(4 bytes)", read(e, &v, 4));
    v = 5;
    SHOW("write 5", write(e, &v, 8));
    v = 7;
    SHOW("write 7", write(e, &v, 8));
    SHOW("read", read(e, &v, 8));
    printf("value %llu\n", (unsigned long long)v);
    v = ~0ull;
    SHOW("write ~0", write(e, &v, 8));
    v = ~0ull - 1;
    SHOW("write 2^64-2", write(e, &v, 8));
    v = 1;
    SHOW("write 1 more (full, nonblocking)", write(e, &v, 8));
    pf.revents = 0;
    poll(&pf, 1, 0);
    printf("full: revents %#x\n", pf.revents);
    close(e);
    int s = eventfd(3, EFD_SEMAPHORE);
    for (int i = 0; i < 3; ++i) {
        read(s, &v, 8);
        printf("semaphore read %llu\n", (unsigned long long)v);
    }
    fcntl(s, F_SETFL, O_NONBLOCK);
    SHOW("semaphore read at 0", read(s, &v, 8));
    SHOW("eventfd2(bad flags)", syscall(SYS_eventfd2, 0, 0x10));
    // epoll wakes when a child writes.
    int ep = epoll_create1(0);
    struct epoll_event ev = {EPOLLIN, {.u64 = 42}};
    SHOW("epoll ADD eventfd", epoll_ctl(ep, EPOLL_CTL_ADD, s, &ev));
    fflush(stdout);
    pid_t c = fork();
    if (c == 0) {
        struct timespec ts = {0, 20 * 1000 * 1000};
        nanosleep(&ts, 0);
        uint64_t one = 2;
        write(s, &one, 8);
        _exit(0);
    }
    SHOW("epoll_wait(eventfd written by a child)", epoll_wait(ep, &ev, 1, -1));
    printf("data %llu\n", (unsigned long long)ev.data.u64);
    wait_for(c);

    // timerfd.
    int t = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK);
    struct itimerspec its = {{0, 0}, {0, 0}}, cur;
    SHOW("gettime(new)", timerfd_gettime(t, &cur));
    printf("disarmed: %s\n", cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec == 0 ? "yes" : "no");
    SHOW("read(not expired)", read(t, &v, 8));
    its.it_value.tv_nsec = 10 * 1000 * 1000;
    its.it_interval.tv_nsec = 10 * 1000 * 1000;
    SHOW("settime(10ms period)", timerfd_settime(t, 0, &its, 0));
    SHOW("gettime", timerfd_gettime(t, &cur));
    printf("period 10ms: %s, value within it: %s\n",
           cur.it_interval.tv_sec == 0 && cur.it_interval.tv_nsec == 10000000 ? "yes" : "no",
           cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec <= 10000000 ? "yes" : "no");
    struct timespec nap = {0, 55 * 1000 * 1000};
    nanosleep(&nap, 0);
    read(t, &v, 8);
    printf("expirations after 55ms at least 4: %s\n", v >= 4 ? "yes" : "no");
    struct itimerspec zero = {{0, 0}, {0, 0}};
    SHOW("disarm", timerfd_settime(t, 0, &zero, &cur));
    printf("old setting had the period: %s\n", cur.it_interval.tv_nsec == 10000000 ? "yes" : "no");
    SHOW("read(disarmed)", read(t, &v, 8));
    // Absolute, in the past: fires at once. Blocking read of a one-shot.
    int a = timerfd_create(CLOCK_REALTIME, 0);
    struct itimerspec past = {{0, 0}, {1, 0}};
    SHOW("settime(ABSTIME, 1970)", timerfd_settime(a, TFD_TIMER_ABSTIME, &past, 0));
    SHOW("read(blocking)", read(a, &v, 8));
    printf("expirations %llu\n", (unsigned long long)v);
    struct itimerspec soon = {{0, 0}, {0, 20 * 1000 * 1000}};
    timerfd_settime(a, 0, &soon, 0);
    SHOW("read(blocks 20ms)", read(a, &v, 8));
    printf("expirations %llu\n", (unsigned long long)v);
    SHOW("gettime(one-shot fired)", timerfd_gettime(a, &cur));
    printf("value 0: %s\n", cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec == 0 ? "yes" : "no");
    int bt = timerfd_create(CLOCK_BOOTTIME, 0);
    printf("CLOCK_BOOTTIME: %s\n", bt >= 0 ? "ok" : errname(errno));
    SHOW("timerfd_create(CLOCK_PROCESS_CPUTIME_ID)", timerfd_create(CLOCK_PROCESS_CPUTIME_ID, 0));
    SHOW("timerfd_create(bad flags)", timerfd_create(CLOCK_MONOTONIC, 0x10));
    struct itimerspec bad = {{0, 0}, {0, 1000000000}};
    SHOW("settime(tv_nsec 1e9)", timerfd_settime(t, 0, &bad, 0));
    SHOW("settime(bad flags)", timerfd_settime(t, 4, &its, 0));
    SHOW("settime(on an eventfd)", timerfd_settime(s, 0, &its, 0));
    SHOW("settime(bad fd)", timerfd_settime(99, 0, &its, 0));
    SHOW("settime(bad pointer)", syscall(SYS_timerfd_settime, t, 0, (void*)8, 0));
    SHOW("read(4 bytes)", read(t, &v, 4));

    // signalfd.
    sigset_t mask;
    sigemptyset(&mask);
    sigaddset(&mask, SIGUSR1);
    sigaddset(&mask, SIGRTMIN + 1);
    sigprocmask(SIG_BLOCK, &mask, 0);
    int sf = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
    printf("signalfd: cloexec %d\n", fcntl(sf, F_GETFD));
    struct signalfd_siginfo si[2];
    SHOW("read(nothing pending)", read(sf, si, sizeof si));
    struct pollfd sp = {sf, POLLIN, 0};
    SHOW("poll(nothing pending)", poll(&sp, 1, 0));
    int value = (int)contract_range(1, 100000);
    sigqueue(getpid(), SIGRTMIN + 1, (union sigval){.sival_int = value});
    raise(SIGUSR1);
    SHOW("poll(two pending)", poll(&sp, 1, 0));
    SHOW("read(room for 2)", read(sf, si, sizeof si));
    printf("first: %s code %d\n", signame(si[0].ssi_signo), si[0].ssi_code);
    printf("second: rt+1 %s code %d value %d\n",
           si[1].ssi_signo == (unsigned)SIGRTMIN + 1 ? "yes" : "no", si[1].ssi_code, si[1].ssi_int);
    printf("sender is me: %s\n", si[1].ssi_pid == (unsigned)getpid() ? "yes" : "no");
    SHOW("read(4 bytes)", read(sf, si, 4));
    sigset_t other;
    sigemptyset(&other);
    sigaddset(&other, SIGUSR2);
    sigprocmask(SIG_BLOCK, &other, 0);
    SHOW("signalfd(replace mask) returns the fd", signalfd(sf, &other, 0) == sf);
    raise(SIGUSR2);
    raise(SIGUSR1);
    SHOW("read(new mask)", read(sf, si, sizeof si));
    printf("got: %s\n", signame(si[0].ssi_signo));
    SHOW("signalfd(on an eventfd)", signalfd(s, &other, 0));
    SHOW("signalfd(bad fd)", signalfd(99, &other, 0));
    SHOW("signalfd4(sizemask 4)", syscall(SYS_signalfd4, -1, &other, 4, 0));
    SHOW("signalfd4(bad flags)", syscall(SYS_signalfd4, -1, &other, 8, 1));
    SHOW("signalfd4(bad mask pointer)", syscall(SYS_signalfd4, -1, (void*)8, 8, 0));
    // A blocking read woken by a child's signal.
    fcntl(sf, F_SETFL, 0);
    fflush(stdout);
    pid_t k = fork();
    if (k == 0) {
        struct timespec ts = {0, 20 * 1000 * 1000};
        nanosleep(&ts, 0);
        kill(getppid(), SIGUSR2);
        _exit(0);
    }
    SHOW("read(blocking, a child signals)", read(sf, si, sizeof si));
    printf("got: %s code %d\n", signame(si[0].ssi_signo), si[0].ssi_code);
    wait_for(k);
    printf("value %d\n", value);
    return 0;
}
