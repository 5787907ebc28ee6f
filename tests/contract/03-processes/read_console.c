/* Contract: read and readv on the console validate their arguments before waiting
 * for input. Success: a read of 0 bytes returns 0 at once. Errors: EBADF for bad fds,
 * EINVAL for a negative or too large iovec count, EFAULT for an unmapped iovec array. */
#include "contract.h"
#include <sys/uio.h>

int main(void) {
    char buf[16];
    struct iovec iov = {buf, sizeof buf};
    SHOW("read(0, len 0)", read(0, buf, 0));
    SHOW("readv(0, count 0)", readv(0, &iov, 0));
    SHOW("read(-1)", read(-1, buf, sizeof buf));
    SHOW("read(99)", read(99, buf, sizeof buf));
    SHOW("readv(99)", readv(99, &iov, 1));
    SHOW("readv(count -1)", syscall(SYS_readv, 0, &iov, -1));
    SHOW("readv(count 1025)", syscall(SYS_readv, 0, &iov, 1025));
    SHOW("readv(NULL iov)", syscall(SYS_readv, 0, NULL, 1));
    SHOW("readv(kernel iov)", syscall(SYS_readv, 0, KERNEL_ADDR, 1));
    return 0;
}
