/* Contract: a pseudo-terminal's line discipline, driven through the master. posix_openpt,
 * grantpt, unlockpt and ptsname give a slave that opens only once unlocked; canonical
 * reads return one line, after erase (^?), kill (^U) and word erase (^W) edited it; the
 * master reads the echo (ECHOE's "\b \b", ECHOCTL's "^A", ONLCR's "\r\n"); ^D ends a
 * line without a newline and reads 0 on an empty one; FIONREAD counts a line; raw mode
 * with VMIN waits for that many bytes and VTIME alone times out with 0. Errors: EIO
 * opening a locked slave, EFAULT for a bad termios, EINVAL for a bad TCFLSH, ENOTTY
 * for an unknown request. A slave writer waits while the master's buffer is full. The
 * words typed and the sizes come from the nonce. */
#include "contract.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <sys/ioctl.h>
#include <termios.h>

static int master;

/* Reads the master until what it echoed ends with a newline; prints it escaped. */
static void show_echo(const char* label) {
    char buf[512], out[1024];
    size_t n = 0;
    while (n < sizeof buf - 1) {
        ssize_t r = read(master, buf + n, sizeof buf - 1 - n);
        if (r <= 0) break;
        n += (size_t)r;
        if (buf[n - 1] == '\n') break;
    }
    size_t k = 0;
    for (size_t i = 0; i < n && k < sizeof out - 5; ++i) {
        unsigned char c = (unsigned char)buf[i];
        contract_observe(c);
        if (c >= 0x20 && c < 0x7f && c != '\\') out[k++] = (char)c;
        else k += (size_t)snprintf(out + k, sizeof out - k, "\\%03o", c);
    }
    out[k] = 0;
    printf("%s echo: %s\n", label, out);
}

static void type(const char* s) { write(master, s, strlen(s)); }

static void show_read(const char* label, int fd) {
    char buf[256];
    ssize_t r = read(fd, buf, sizeof buf - 1);
    if (r < 0) {
        SHOW(label, r);
        return;
    }
    buf[r] = 0;
    for (ssize_t i = 0; i < r; ++i)
        if (buf[i] == '\n') buf[i] = '|';
    contract_observe((unsigned long long)r);
    printf("%s: %zd \"%s\"\n", label, r, buf);
}

int main(void) {
    char w1[8], w2[8], w3[8], line[128];
    contract_word(w1, 5);
    contract_word(w2, 4);
    contract_word(w3, 6);
    alarm(20); /* a hang ends the program */
    master = posix_openpt(O_RDWR | O_NOCTTY);
    printf("posix_openpt: %s\n", master >= 0 ? "ok" : "failed");
    SHOW("grantpt", grantpt(master));
    char* name = ptsname(master);
    printf("ptsname under /dev/pts: %s\n", name && !strncmp(name, "/dev/pts/", 9) ? "yes" : "no");
    int lock = 1;
    SHOW("TIOCSPTLCK 1", ioctl(master, TIOCSPTLCK, &lock));
    SHOW("open locked slave", open(name, O_RDWR | O_NOCTTY));
    SHOW("unlockpt", unlockpt(master));
    int slave = open(name, O_RDWR | O_NOCTTY);
    printf("open slave: %s\n", slave >= 0 ? "ok" : "failed");
    printf("isatty(slave): %d\n", isatty(slave));

    snprintf(line, sizeof line, "%sX\177\n", w1); /* X erased */
    type(line);
    show_read("erase", slave);
    show_echo("erase");
    snprintf(line, sizeof line, "%s\025%s\n", w1, w2); /* w1 killed */
    type(line);
    show_read("kill", slave);
    show_echo("kill");
    snprintf(line, sizeof line, "%s %s\027%s\n", w1, w2, w3); /* w2 erased */
    type(line);
    show_read("werase", slave);
    show_echo("werase");
    snprintf(line, sizeof line, "\001%s\n", w2);
    type(line);
    show_read("control", slave);
    show_echo("control");
    snprintf(line, sizeof line, "%s\004", w3);
    type(line);
    show_read("eof after a word", slave);
    type("\004");
    show_read("eof on an empty line", slave);
    snprintf(line, sizeof line, "%s\n", w1);
    type(line);
    show_echo("fionread");
    int avail = -1;
    SHOW("FIONREAD", ioctl(slave, FIONREAD, &avail));
    printf("FIONREAD bytes: %d\n", avail);
    show_read("fionread line", slave);

    struct termios t;
    SHOW("tcgetattr", tcgetattr(slave, &t));
    printf("canonical, echo, isig: %d %d %d\n", !!(t.c_lflag & ICANON), !!(t.c_lflag & ECHO),
           !!(t.c_lflag & ISIG));
    t.c_lflag &= ~(ICANON | ECHO);
    t.c_cc[VMIN] = 3;
    t.c_cc[VTIME] = 0;
    SHOW("tcsetattr raw", tcsetattr(slave, TCSANOW, &t));
    w2[3] = 0;
    type(w2);
    show_read("raw VMIN 3", slave);
    t.c_cc[VMIN] = 0;
    t.c_cc[VTIME] = 1;
    SHOW("tcsetattr VTIME 1", tcsetattr(slave, TCSANOW, &t));
    show_read("raw VTIME timeout", slave);

    struct winsize ws = {(unsigned short)contract_range(10, 99),
                         (unsigned short)contract_range(40, 200), 0, 0},
                   got;
    SHOW("TIOCSWINSZ", ioctl(master, TIOCSWINSZ, &ws));
    SHOW("TIOCGWINSZ", ioctl(slave, TIOCGWINSZ, &got));
    printf("winsize: %u %u\n", got.ws_row, got.ws_col);
    contract_observe(got.ws_row * 1000u + got.ws_col);

    SHOW("TCSETS NULL", syscall(SYS_ioctl, slave, TCSETS, NULL));
    SHOW("TCGETS kernel address", syscall(SYS_ioctl, slave, TCGETS, KERNEL_ADDR));
    SHOW("TCFLSH 7", ioctl(slave, TCFLSH, 7));
    SHOW("TCFLSH TCIFLUSH", ioctl(slave, TCFLSH, TCIFLUSH));
    SHOW("unknown request", ioctl(slave, 0x54ff, 0));
    int pg;
    SHOW("TIOCGPGRP without a controlling tty", ioctl(slave, TIOCGPGRP, &pg));
    /* More than the master's buffer holds: the slave's writer waits for the reader. */
    size_t total = 20000 + contract_range(0, 9999), got_bytes = 0;
    pid_t writer = fork();
    if (writer == 0) {
        char block[1000];
        memset(block, 'z', sizeof block);
        for (size_t left = total; left > 0;) {
            ssize_t w = write(slave, block, left < sizeof block ? left : sizeof block);
            if (w <= 0) _exit(1);
            left -= (size_t)w;
        }
        _exit(0);
    }
    char big[4096];
    while (got_bytes < total) {
        ssize_t r = read(master, big, sizeof big);
        if (r <= 0) break;
        got_bytes += (size_t)r;
    }
    int wstatus;
    waitpid(writer, &wstatus, 0);
    printf("bytes through the pty: %zu of %zu, writer status %d\n", got_bytes, total,
           WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : -1);
    contract_observe(got_bytes);
    close(slave);
    close(master);
    contract_token();
    return 0;
}
