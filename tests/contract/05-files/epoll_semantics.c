/* Contract: epoll. Level-triggered items are reported while their file stays ready,
 * edge-triggered ones once per change, EPOLLONESHOT ones once until EPOLL_CTL_MOD; the
 * data word comes back as given; EPOLLHUP and EPOLLERR are always reported; an item
 * keys on the open file (closing one of two descriptors of a pipe end keeps it, closing
 * the last drops it); epoll_wait sleeps until a child writes; an epoll instance inside
 * another reports its readiness; maxevents limits one call. Errors: EEXIST, ENOENT,
 * EINVAL (bad op, epfd itself, not an epoll fd, maxevents 0, bad flags, EPOLLEXCLUSIVE
 * with MOD), EPERM (a regular file), EBADF, ELOOP (a cycle), EFAULT (bad events). */
#include "contract.h"

#include <fcntl.h>
#include <sys/epoll.h>
#include <sys/wait.h>
#include <time.h>

static void show_events(const char* label, int n, struct epoll_event* ev) {
    printf("%s: %d", label, n);
    for (int i = 0; i < n; ++i)
        printf(" [%#x %llu]", ev[i].events, (unsigned long long)ev[i].data.u64);
    printf("\n");
}

static int wait_n(int ep, int max, int ms, const char* label) {
    struct epoll_event ev[8];
    int n = epoll_wait(ep, ev, max, ms);
    if (n < 0) printf("%s: -1 %s\n", label, errname(errno));
    else show_events(label, n, ev);
    return n;
}

int main(void) {
    unsigned long long tag = contract_random() % 1000000;
    int ep = epoll_create1(EPOLL_CLOEXEC);
    printf("epoll_create1: %s, cloexec %d\n", ep >= 0 ? "ok" : "failed", fcntl(ep, F_GETFD));
    int p[2];
    pipe(p);
    struct epoll_event e = {EPOLLIN, {.u64 = tag}};
    SHOW("ADD read end (LT)", epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &e));
    SHOW("ADD again", epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &e));
    wait_n(ep, 8, 0, "empty");
    write(p[1], "abc", 3);
    wait_n(ep, 8, 0, "LT after write");
    wait_n(ep, 8, 0, "LT still ready");
    char buf[8];
    read(p[0], buf, 3);
    wait_n(ep, 8, 10, "LT after read, 10ms");

    // Edge-triggered: once per write.
    e.events = EPOLLIN | EPOLLET;
    e.data.u64 = tag + 1;
    SHOW("MOD to EPOLLET", epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &e));
    write(p[1], "x", 1);
    wait_n(ep, 8, 0, "ET after write");
    wait_n(ep, 8, 0, "ET again, no new write");
    write(p[1], "y", 1);
    wait_n(ep, 8, 0, "ET after a second write");
    read(p[0], buf, 2);

    // One-shot: once, then disabled until MOD.
    e.events = EPOLLIN | EPOLLONESHOT;
    SHOW("MOD to EPOLLONESHOT", epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &e));
    write(p[1], "z", 1);
    wait_n(ep, 8, 0, "oneshot first");
    wait_n(ep, 8, 0, "oneshot disabled");
    SHOW("MOD re-arms", epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &e));
    wait_n(ep, 8, 0, "oneshot re-armed");
    read(p[0], buf, 1);

    // The write end: EPOLLOUT; EPOLLERR once the reader is gone (without asking).
    int q[2];
    pipe(q);
    struct epoll_event w = {EPOLLOUT, {.u64 = 7}};
    SHOW("ADD write end", epoll_ctl(ep, EPOLL_CTL_ADD, q[1], &w));
    SHOW("DEL read end", epoll_ctl(ep, EPOLL_CTL_DEL, p[0], 0));
    SHOW("DEL read end again", epoll_ctl(ep, EPOLL_CTL_DEL, p[0], 0));
    SHOW("MOD missing", epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &e));
    wait_n(ep, 8, 0, "write end");
    close(q[0]);
    w.events = 0;
    SHOW("MOD write end to no events", epoll_ctl(ep, EPOLL_CTL_MOD, q[1], &w));
    wait_n(ep, 8, 0, "no reader left");

    // Keyed on the open file: a dup keeps the item alive, the last close drops it.
    int r[2];
    pipe(r);
    int r2 = dup(r[0]);
    struct epoll_event h = {EPOLLIN, {.u64 = 9}};
    epoll_ctl(ep, EPOLL_CTL_DEL, q[1], 0);
    SHOW("ADD r[0]", epoll_ctl(ep, EPOLL_CTL_ADD, r[0], &h));
    close(r[0]);
    write(r[1], "k", 1);
    wait_n(ep, 8, 0, "after closing one of two fds");
    SHOW("DEL by the closed fd", epoll_ctl(ep, EPOLL_CTL_DEL, r[0], 0));
    close(r2);
    wait_n(ep, 8, 0, "after closing the last fd");

    // Sleeping until a child writes.
    int s[2];
    pipe(s);
    struct epoll_event se = {EPOLLIN, {.u64 = tag + 2}};
    epoll_ctl(ep, EPOLL_CTL_ADD, s[0], &se);
    fflush(stdout);
    pid_t c = fork();
    if (c == 0) {
        struct timespec ts = {0, 30 * 1000 * 1000};
        nanosleep(&ts, 0);
        write(s[1], "!", 1);
        _exit(0);
    }
    wait_n(ep, 8, -1, "woken by the child");
    wait_for(c);

    // maxevents and several ready items.
    int t[2];
    pipe(t);
    struct epoll_event te = {EPOLLIN, {.u64 = 11}};
    epoll_ctl(ep, EPOLL_CTL_ADD, t[0], &te);
    write(t[1], "1", 1);
    wait_n(ep, 1, 0, "maxevents 1");
    wait_n(ep, 8, 0, "maxevents 8");

    // Nested: an epoll inside an epoll.
    int outer = epoll_create(1);
    struct epoll_event oe = {EPOLLIN, {.u64 = 100}};
    SHOW("ADD inner into outer", epoll_ctl(outer, EPOLL_CTL_ADD, ep, &oe));
    wait_n(outer, 8, 0, "outer sees inner ready");
    read(s[0], buf, 1);
    read(t[0], buf, 1);
    wait_n(outer, 8, 0, "outer after draining");
    SHOW("ADD outer into inner (loop)", epoll_ctl(ep, EPOLL_CTL_ADD, outer, &oe));

    // Errors.
    int f = open("/tmp", O_RDONLY | O_DIRECTORY);
    SHOW("ADD a directory", epoll_ctl(ep, EPOLL_CTL_ADD, f, &e));
    SHOW("ADD epfd to itself", epoll_ctl(ep, EPOLL_CTL_ADD, ep, &e));
    SHOW("ctl on a pipe as epfd", epoll_ctl(p[0], EPOLL_CTL_ADD, p[1], &e));
    SHOW("ctl bad op", epoll_ctl(ep, 7, p[1], &e));
    SHOW("ctl bad fd", epoll_ctl(ep, EPOLL_CTL_ADD, 99, &e));
    SHOW("ctl bad event pointer", syscall(SYS_epoll_ctl, ep, EPOLL_CTL_ADD, p[1], (void*)8));
    struct epoll_event x = {EPOLLIN | EPOLLEXCLUSIVE, {0}};
    SHOW("ADD EPOLLEXCLUSIVE", epoll_ctl(ep, EPOLL_CTL_ADD, p[1], &x));
    SHOW("MOD with EPOLLEXCLUSIVE", epoll_ctl(ep, EPOLL_CTL_MOD, p[1], &x));
    x.events = EPOLLIN | EPOLLEXCLUSIVE | EPOLLPRI;
    SHOW("ADD EPOLLEXCLUSIVE|EPOLLPRI", epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &x));
    struct epoll_event out[2];
    SHOW("wait maxevents 0", epoll_wait(ep, out, 0, 0));
    SHOW("wait on a pipe", epoll_wait(p[0], out, 2, 0));
    SHOW("wait bad fd", epoll_wait(99, out, 2, 0));
    e.events = EPOLLIN;
    epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &e);
    write(p[1], "q", 1);
    SHOW("wait bad buffer", syscall(SYS_epoll_wait, ep, (void*)8, 2, 0));
    SHOW("epoll_create(0)", syscall(SYS_epoll_create, 0));  // musl does not check size
    SHOW("epoll_create1(bad flag)", epoll_create1(1));
    printf("tag %llu\n", tag);
    return 0;
}
