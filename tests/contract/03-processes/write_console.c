/* Contract: write and writev on the console return the number of bytes written and
 * print them in order; a zero-length write returns 0; iovecs of length 0 are skipped.
 * Errors: EBADF for closed or negative fds, EINVAL for a negative or too large
 * iovec count (IOV_MAX is 1024), EFAULT for an iovec array that is not mapped. */
#include "contract.h"
#include <sys/uio.h>

int main(void) {
    char line[64];
    fflush(stdout);
    SHOW("write", write(1, "hello, console\n", 15));
    SHOW("write(len 0)", write(1, "ignored", 0));
    SHOW("write(fd 2)", write(2, "to stderr\n", 10));
    struct iovec iov[4] = {
        {"one ", 4},
        {(void*)"unused", 0},
        {"two ", 4},
        {"three\n", 6},
    };
    SHOW("writev", writev(1, iov, 4));
    SHOW("writev(count 0)", writev(1, iov, 0));
    snprintf(line, sizeof line, "%d bytes via stdio\n", 17);
    SHOW("printf", printf("%s", line));
    fflush(stdout);

    SHOW("write(-1)", write(-1, "x", 1));
    SHOW("write(99)", write(99, "x", 1));
    SHOW("write(1<<20)", write(1 << 20, "x", 1));
    /* Bad arguments go through syscall(): no libc wrapper or compiler check between. */
    SHOW("writev(count -1)", syscall(SYS_writev, 1, iov, -1));
    SHOW("writev(count 1025)", syscall(SYS_writev, 1, iov, 1025));
    SHOW("writev(NULL iov)", syscall(SYS_writev, 1, NULL, 2));
    SHOW("writev(kernel iov)", syscall(SYS_writev, 1, KERNEL_ADDR, 1));
    SHOW("writev(-1)", writev(-1, iov, 1));
    return 0;
}
