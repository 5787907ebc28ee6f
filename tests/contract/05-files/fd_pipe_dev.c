/* Contract: descriptors and pipes. dup/dup2/dup3/F_DUPFD share one open file (offset and
 * status flags), fork shares it too, close-on-exec is per descriptor (F_GETFD, O_CLOEXEC,
 * dup drops it), close_range closes a range; a pipe carries bytes, reads end of file once
 * the writers are gone, O_NONBLOCK reads EAGAIN; writing with no reader is EPIPE and
 * raises SIGPIPE. /dev/null, /dev/zero and /dev/full behave as Linux's. Errors: EBADF,
 * EINVAL (dup3 to itself), EMFILE past RLIMIT_NOFILE, EPIPE, EAGAIN, ENOSPC. */
#include "contract.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/sysmacros.h>
#include <sys/stat.h>
#include <sys/wait.h>

static volatile int got_sigpipe;
static void on_sigpipe(int sig) { got_sigpipe = sig; }

int main(void) {
    char path[64], buf[64];
    snprintf(path, sizeof path, "/tmp/ct-fd-%08llx", contract_random() & 0xffffffffu);
    int fd = open(path, O_CREAT | O_RDWR | O_TRUNC, 0600);
    write(fd, "0123456789", 10);
    int d = dup(fd);
    printf("dup is a new number: %s\n", d > fd ? "yes" : "no");
    SHOW("lseek(dup, 2)", lseek(d, 2, SEEK_SET));
    SHOW("offset through the original", lseek(fd, 0, SEEK_CUR));
    SHOW("fcntl(F_SETFL, O_APPEND) on the dup", fcntl(d, F_SETFL, O_APPEND | O_NONBLOCK));
    printf("original has O_APPEND: %s\n", fcntl(fd, F_GETFL) & O_APPEND ? "yes" : "no");
    printf("access mode O_RDWR: %s\n", (fcntl(fd, F_GETFL) & O_ACCMODE) == O_RDWR ? "yes" : "no");
    SHOW("dup2(fd, 40)", dup2(fd, 40));
    SHOW("dup2(fd, fd)", dup2(fd, fd));
    SHOW("dup3(fd, fd)", dup3(fd, fd, 0));
    SHOW("dup3(fd, 41, O_CLOEXEC)", dup3(fd, 41, O_CLOEXEC));
    SHOW("F_GETFD(41)", fcntl(41, F_GETFD));
    SHOW("F_GETFD(40)", fcntl(40, F_GETFD));
    SHOW("F_DUPFD(fd, 50)", fcntl(fd, F_DUPFD, 50));
    SHOW("F_DUPFD_CLOEXEC(fd, 50)", fcntl(fd, F_DUPFD_CLOEXEC, 50));
    SHOW("F_GETFD(51)", fcntl(51, F_GETFD));
    SHOW("F_SETFD(40, FD_CLOEXEC)", fcntl(40, F_SETFD, FD_CLOEXEC));
    SHOW("F_GETFD(40)", fcntl(40, F_GETFD));
    SHOW("close_range(40, 60)", syscall(SYS_close_range, 40, 60, 0));
    SHOW("close(41)", close(41));
    SHOW("close(-1)", close(-1));
    SHOW("dup(99)", dup(99));
    SHOW("dup2(fd, -1)", dup2(fd, -1));

    lseek(fd, 0, SEEK_SET);
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        lseek(fd, 7, SEEK_SET);
        _exit(0);
    }
    wait_for(pid);
    SHOW("offset after the child's lseek", lseek(fd, 0, SEEK_CUR));

    struct rlimit rl = {8, 8}, old;
    getrlimit(RLIMIT_NOFILE, &old);
    setrlimit(RLIMIT_NOFILE, &rl);
    int last = 0, e = 0;
    for (int i = 0; i < 16; ++i) {
        int r = dup(fd);
        if (r < 0) {
            e = errno;
            break;
        }
        last = r;
    }
    printf("dup until it fails: last %d, then %s\n", last, errname(e));
    SHOW("F_DUPFD(fd, 8)", fcntl(fd, F_DUPFD, 8));
    syscall(SYS_close_range, 3, ~0u, 0);
    setrlimit(RLIMIT_NOFILE, &old);

    int p[2];
    SHOW("pipe", pipe(p));
    contract_word(buf, 17);
    SHOW("write(pipe)", write(p[1], buf, 16));
    char in[64] = {0};
    SHOW("read(pipe, 64)", read(p[0], in, sizeof in));
    printf("same bytes: %s\n", memcmp(in, buf, 16) == 0 ? "yes" : "no");
    SHOW("read(write end)", read(p[1], in, 1));
    SHOW("write(read end)", write(p[0], in, 1));
    SHOW("lseek(pipe)", lseek(p[0], 0, SEEK_SET));
    struct stat st;
    fstat(p[0], &st);
    printf("fstat says FIFO: %s\n", S_ISFIFO(st.st_mode) ? "yes" : "no");
    fcntl(p[0], F_SETFL, O_NONBLOCK);
    SHOW("read(empty, O_NONBLOCK)", read(p[0], in, 1));
    fflush(stdout);
    pid = fork();
    if (pid == 0) {
        close(p[0]);
        write(p[1], "child", 5);
        _exit(0);
    }
    close(p[1]);
    wait_for(pid);
    SHOW("read(child's bytes)", read(p[0], in, sizeof in));
    SHOW("read(no writers)", read(p[0], in, sizeof in));
    close(p[0]);

    SHOW("pipe2(O_CLOEXEC)", pipe2(p, O_CLOEXEC));
    SHOW("F_GETFD(read end)", fcntl(p[0], F_GETFD));
    close(p[0]);
    signal(SIGPIPE, on_sigpipe);
    SHOW("write(no readers)", write(p[1], "x", 1));
    printf("SIGPIPE: %s\n", got_sigpipe == SIGPIPE ? "yes" : "no");
    close(p[1]);

    int null = open("/dev/null", O_RDWR), zero = open("/dev/zero", O_RDONLY),
        full = open("/dev/full", O_WRONLY);
    SHOW("write(/dev/null)", write(null, "abc", 3));
    SHOW("read(/dev/null)", read(null, in, 8));
    memset(in, 7, sizeof in);
    SHOW("read(/dev/zero)", read(zero, in, 32));
    int zeros = 1;
    for (int i = 0; i < 32; ++i) zeros &= in[i] == 0;
    printf("zeros: %s\n", zeros ? "yes" : "no");
    SHOW("write(/dev/full)", write(full, "x", 1));
    fstat(null, &st);
    printf("/dev/null is a character device 1:3: %s\n",
           S_ISCHR(st.st_mode) && st.st_rdev == makedev(1, 3) ? "yes" : "no");
    close(null), close(zero), close(full);
    SHOW("unlink", unlink(path));
    contract_observe((unsigned long long)last);
    contract_token();
    return 0;
}
