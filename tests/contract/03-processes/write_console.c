/* Contract: write and writev on the console return the number of bytes written and
 * print them in order; a zero-length write returns 0; iovecs of length 0 are skipped.
 * The words written (letters and lengths) come from the nonce. Errors: EBADF for closed
 * or negative fds (one chosen from the nonce), EINVAL for a negative or too large iovec
 * count (IOV_MAX is 1024), EFAULT for an iovec array that is not mapped. */
#include "contract.h"
#include <sys/uio.h>

int main(void) {
    char line[64], w[4][40];
    for (int i = 0; i < 4; ++i) contract_word(w[i], contract_range(1, 30));
    fflush(stdout);
    snprintf(line, sizeof line, "hello, %s\n", w[0]);
    SHOW("write", write(1, line, strlen(line)));
    SHOW("write(len 0)", write(1, "ignored", 0));
    snprintf(line, sizeof line, "to stderr: %s\n", w[1]);
    SHOW("write(fd 2)", write(2, line, strlen(line)));
    struct iovec iov[5] = {
        {w[2], strlen(w[2])}, {(void*)"unused", 0}, {" ", 1}, {w[3], strlen(w[3])}, {"\n", 1},
    };
    SHOW("writev", writev(1, iov, 5));
    SHOW("writev(count 0)", writev(1, iov, 0));
    snprintf(line, sizeof line, "%zu bytes via stdio\n", strlen(w[0]));
    SHOW("printf", printf("%s", line));
    fflush(stdout);

    int fd = (int)contract_range(3, 1 << 20);
    char label[48];
    SHOW("write(-1)", write(-1, "x", 1));
    snprintf(label, sizeof label, "write(%d)", fd);
    SHOW(label, write(fd, "x", 1));
    /* Bad arguments go through syscall(): no libc wrapper or compiler check between. */
    SHOW("writev(count -1)", syscall(SYS_writev, 1, iov, -1L));
    SHOW("writev(count 1025)", syscall(SYS_writev, 1, iov, 1025));
    SHOW("writev(NULL iov)", syscall(SYS_writev, 1, NULL, 2));
    SHOW("writev(kernel iov)", syscall(SYS_writev, 1, KERNEL_ADDR, 1));
    SHOW("writev(-1)", writev(-1, iov, 1));
    return 0;
}
