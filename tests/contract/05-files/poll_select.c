/* Contract: poll, ppoll, select and pselect6 over pipes. A pipe's read end is readable
 * once bytes are in it and reports POLLHUP when the writers are gone; its write end is
 * writable while there is room and reports POLLERR once the readers are gone. poll waits
 * until a writer in a child fills the pipe, or until its timeout (0); negative fds are
 * skipped, closed ones report POLLNVAL; select rewrites its sets and counts the bits.
 * A signal with a handler ends the wait with EINTR; ppoll's mask blocks it. Errors:
 * EINVAL (nfds past RLIMIT_NOFILE, a bad timeout, a bad sigsetsize, negative nfds),
 * EBADF (select on a closed fd), EFAULT (a bad array). */
#include "contract.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>

static volatile int got;
static void on_alarm(int sig) { got = sig; }

static void show_revents(const char* label, struct pollfd* p, int n) {
    printf("%s:", label);
    for (int i = 0; i < n; ++i) printf(" %#x", p[i].revents);
    printf("\n");
}

int main(void) {
    int p[2];
    pipe(p);
    struct pollfd pf[4] = {{p[0], POLLIN, 0}, {p[1], POLLOUT, 0}, {-1, POLLIN, 0}, {99, POLLIN, 0}};
    SHOW("poll(empty pipe, 0)", poll(pf, 4, 0));
    show_revents("revents", pf, 4);
    char word[16];
    contract_word(word, 8);
    write(p[1], word, 8);
    SHOW("poll(8 bytes in, 10ms)", poll(pf, 2, 10));
    show_revents("revents", pf, 2);
    pf[0].events = POLLOUT;  // not what a read end does: nothing but HUP/ERR
    SHOW("poll(read end asks POLLOUT)", poll(pf, 1, 0));
    pf[0].events = POLLIN;
    char buf[16];
    read(p[0], buf, 8);
    SHOW("poll(drained, 20ms)", poll(pf, 1, 20));

    // A child writes later: poll sleeps until then.
    fflush(stdout);
    pid_t c = fork();
    if (c == 0) {
        struct timespec ts = {0, 30 * 1000 * 1000};
        nanosleep(&ts, 0);
        write(p[1], "x", 1);
        _exit(0);
    }
    SHOW("poll(wait for the child's byte, forever)", poll(pf, 1, -1));
    show_revents("revents", pf, 1);
    wait_for(c);
    read(p[0], buf, 1);

    // The writers gone: POLLHUP; the readers gone: POLLERR.
    int q[2];
    pipe(q);
    close(q[1]);
    struct pollfd h = {q[0], POLLIN, 0};
    SHOW("poll(no writers)", poll(&h, 1, 0));
    show_revents("revents", &h, 1);
    int r[2];
    pipe(r);
    close(r[0]);
    struct pollfd e = {r[1], POLLOUT, 0};
    SHOW("poll(no readers)", poll(&e, 1, 0));
    show_revents("revents", &e, 1);

    // ppoll: timespec, sigmask, errors.
    struct timespec ts0 = {0, 0}, bad = {0, 1000000000};
    SHOW("ppoll(zero timeout)", ppoll(pf, 2, &ts0, 0));
    SHOW("ppoll(tv_nsec 1e9)", syscall(SYS_ppoll, pf, 2, &bad, 0, 8));
    sigset_t mask;
    sigemptyset(&mask);
    SHOW("ppoll(sigsetsize 4)", syscall(SYS_ppoll, pf, 1, &ts0, &mask, 4));
    SHOW("poll(bad array)", syscall(SYS_poll, (void*)8, 1, 0));
    struct rlimit rl;
    getrlimit(RLIMIT_NOFILE, &rl);
    SHOW("poll(nfds = RLIMIT_NOFILE + 1)", syscall(SYS_poll, pf, rl.rlim_cur + 1, 0));
    SHOW("poll(nfds 0, 5ms)", poll(0, 0, 5));

    // A signal with a handler: EINTR; blocked by ppoll's mask: a timeout.
    struct sigaction sa = {0};
    sa.sa_handler = on_alarm;
    sa.sa_flags = SA_RESTART;  // poll is never restarted after a handler
    sigaction(SIGALRM, &sa, 0);
    struct itimerval it = {{0, 0}, {0, 20000}};
    setitimer(ITIMER_REAL, &it, 0);
    SHOW("poll(empty pipe, interrupted)", poll(pf, 1, 2000));
    printf("handler ran: %s\n", got == SIGALRM ? "yes" : "no");
    got = 0;
    sigset_t block;
    sigemptyset(&block);
    sigaddset(&block, SIGALRM);
    struct timespec t50 = {0, 50 * 1000 * 1000};
    setitimer(ITIMER_REAL, &it, 0);
    SHOW("ppoll(SIGALRM blocked by its mask)", ppoll(pf, 1, &t50, &block));
    printf("handler ran after ppoll: %s\n", got == SIGALRM ? "yes" : "no");

    // select and pselect.
    fd_set rd, wr;
    FD_ZERO(&rd);
    FD_ZERO(&wr);
    FD_SET(p[0], &rd);
    FD_SET(p[1], &wr);
    struct timeval tv = {0, 0};
    SHOW("select(empty pipe)", select(p[1] + 1, &rd, &wr, 0, &tv));
    printf("read set has p[0]: %s, write set has p[1]: %s\n", FD_ISSET(p[0], &rd) ? "yes" : "no",
           FD_ISSET(p[1], &wr) ? "yes" : "no");
    write(p[1], word, 3);
    FD_ZERO(&rd);
    FD_ZERO(&wr);
    FD_SET(p[0], &rd);
    FD_SET(p[1], &wr);
    SHOW("select(3 bytes in)", select(p[1] + 1, &rd, &wr, 0, &tv));
    printf("read set has p[0]: %s\n", FD_ISSET(p[0], &rd) ? "yes" : "no");
    read(p[0], buf, 3);
    FD_ZERO(&rd);
    FD_SET(p[0], &rd);
    tv.tv_sec = 0;
    tv.tv_usec = 20000;
    // Raw: musl's select hands the kernel a copy of the timeval, so the time left is lost.
    SHOW("select(drained, 20ms)", syscall(SYS_select, p[0] + 1, &rd, 0, 0, &tv));
    printf("time left: %ld.%06ld\n", (long)tv.tv_sec, (long)tv.tv_usec);
    FD_ZERO(&rd);
    FD_SET(40, &rd);
    tv.tv_usec = 0;
    SHOW("select(closed fd 40)", select(41, &rd, 0, 0, &tv));
    SHOW("select(nfds -1)", select(-1, 0, 0, 0, &tv));
    tv.tv_usec = -1;
    SHOW("select(tv_usec -1)", select(1, 0, 0, 0, &tv));
    tv.tv_usec = 1000;
    SHOW("select(no sets, 1ms)", select(0, 0, 0, 0, &tv));
    SHOW("select(bad set)", syscall(SYS_select, 3, (void*)8, 0, 0, 0));
    FD_ZERO(&rd);
    FD_SET(p[0], &rd);
    SHOW("pselect(5ms, empty mask)",
         pselect(p[0] + 1, &rd, 0, 0, &(struct timespec){0, 5000000}, &mask));
    write(p[1], word + 3, 1);
    FD_ZERO(&rd);
    FD_SET(p[0], &rd);
    SHOW("pselect(1 byte in)", pselect(p[0] + 1, &rd, 0, 0, 0, &mask));
    printf("%s\n", word);
    return 0;
}
