/* Contract: sessions and controlling terminals through a pty. A session leader that
 * opens the slave without O_NOCTTY gets it as its controlling terminal: TIOCGSID and
 * TIOCGPGRP name it, /dev/tty opens; a second TIOCSCTTY elsewhere is EPERM; ^C typed on
 * the master kills the foreground group with SIGINT (the master reads "^C"), ^\ with
 * SIGQUIT. A process outside the session gets ENOTTY for TIOCGPGRP, TIOCSPGRP and
 * TIOCNOTTY. Closing the master while a slave read waits ends that read with EIO; then
 * reads give 0 and writes EIO. Once every slave fd is closed, the master reads EIO. The
 * byte the children report is chosen by the nonce. */
#include "contract.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>

static int open_pair(int* slave_out, char* name, size_t len) {
    int m = posix_openpt(O_RDWR | O_NOCTTY);
    grantpt(m);
    unlockpt(m);
    snprintf(name, len, "%s", ptsname(m));
    if (slave_out) *slave_out = open(name, O_RDWR | O_NOCTTY);
    return m;
}

/* Reads the master until @p c arrives; returns what came before it. */
static void read_until(int m, char c, char* got, size_t len) {
    size_t n = 0;
    got[0] = 0;
    for (;;) {
        char ch;
        if (read(m, &ch, 1) != 1) return;
        if (ch == c) return;
        if (n + 1 < len) got[n++] = ch, got[n] = 0;
    }
}

static void show_status(const char* label, int status) {
    contract_observe((unsigned)status);
    if (WIFEXITED(status)) printf("%s: exit %d\n", label, WEXITSTATUS(status));
    else if (WIFSIGNALED(status)) printf("%s: signal %d\n", label, WTERMSIG(status));
    else printf("%s: other\n", label);
}

int main(void) {
    char name[64], got[64];
    int code = (int)contract_range(1, 60);
    char mark = (char)('a' + contract_range(0, 25));
    alarm(20); /* a hang ends the program */

    /* A session leader acquires the slave; ^C then kills it. */
    int m = open_pair(NULL, name, sizeof name);
    pid_t child = fork();
    if (child == 0) {
        setsid();
        int s = open(name, O_RDWR);
        int sid = -1, pg = -1, r = 0;
        if (ioctl(s, TIOCGSID, &sid) == 0 && sid == getpid()) r |= 1;
        if (ioctl(s, TIOCGPGRP, &pg) == 0 && pg == getpid()) r |= 2;
        if (tcgetpgrp(s) == getpid()) r |= 4;
        int t = open("/dev/tty", O_RDWR);
        if (t >= 0) r |= 8;
        if (ioctl(s, TIOCSCTTY, 0) == 0) r |= 16; /* already ours: 0 */
        char msg[3] = {(char)('A' + r), mark, '!'};
        write(s, msg, 3);
        char buf[16];
        read(s, buf, sizeof buf); /* ^C comes */
        _exit(code);
    }
    read_until(m, '!', got, sizeof got);
    printf("child's checks: %c (sid, pgrp, tcgetpgrp, /dev/tty, TIOCSCTTY)\n", got[0]);
    printf("its mark: %s\n", got[1] == mark ? "ok" : "wrong");
    contract_observe((unsigned char)got[0]);
    write(m, "\003", 1);
    int status;
    waitpid(child, &status, 0);
    show_status("after ^C", status);
    read_until(m, '\n', got, sizeof got);
    printf("echo of ^C: %s\n", got);
    close(m);

    /* The same with ^\ and SIGQUIT. */
    m = open_pair(NULL, name, sizeof name);
    child = fork();
    if (child == 0) {
        setsid();
        int s = open(name, O_RDWR);
        write(s, "!", 1);
        char buf[16];
        read(s, buf, sizeof buf);
        _exit(code);
    }
    read_until(m, '!', got, sizeof got);
    write(m, "\034", 1);
    waitpid(child, &status, 0);
    show_status("after ^\\", status);
    close(m);

    /* Not our controlling terminal. */
    int s;
    m = open_pair(&s, name, sizeof name);
    int pg = 0;
    SHOW("TIOCGPGRP elsewhere", ioctl(s, TIOCGPGRP, &pg));
    pg = getpgrp();
    SHOW("TIOCSPGRP elsewhere", ioctl(s, TIOCSPGRP, &pg));
    SHOW("TIOCNOTTY elsewhere", ioctl(s, TIOCNOTTY));
    SHOW("TIOCSCTTY not a session leader", ioctl(s, TIOCSCTTY, 0));
    close(s);
    close(m);

    /* The master closed while a slave read waits. */
    m = open_pair(NULL, name, sizeof name);
    child = fork();
    if (child == 0) {
        close(m); /* only the parent holds the master */
        int fd = open(name, O_RDWR | O_NOCTTY);
        write(fd, "!", 1);
        char buf[16];
        int r = 0;
        errno = 0;
        if (read(fd, buf, sizeof buf) == -1 && errno == EIO) r |= 1;
        if (read(fd, buf, sizeof buf) == 0) r |= 2;
        errno = 0;
        if (write(fd, "x", 1) == -1 && errno == EIO) r |= 4;
        _exit(r + 8 * (code % 8));
    }
    read_until(m, '!', got, sizeof got);
    usleep(100000); /* let the read start waiting; either way it cannot complete */
    close(m);
    waitpid(child, &status, 0);
    show_status("hung-up slave (EIO mid-read, then 0, write EIO)", status);

    /* Every slave fd closed: the master reads EIO. */
    m = open_pair(&s, name, sizeof name);
    close(s);
    char c;
    SHOW("master read after the slave closed", read(m, &c, 1));
    close(m);
    contract_token();
    return 0;
}
