/* Contract: read and readv on the console validate their arguments before waiting
 * for input. Success: a read of 0 bytes returns 0 at once. Errors: EBADF for bad fds
 * (-1 and one never opened), EINVAL for a negative or too large iovec count, EFAULT for
 * an unmapped iovec array (NULL or an address in the kernel). The fd, the counts and the
 * kernel address come from the nonce; a token mixes the nonce with the results. */
#include "contract.h"
#include <limits.h>
#include <sys/uio.h>

int main(void) {
    char buf[16], label[64];
    struct iovec iov = {buf, sizeof buf};
    int fd = (int)contract_range(3, INT_MAX);
    long neg = -(long)contract_range(1, INT_MAX), big = (long)contract_range(1025, INT_MAX);
    void* kernel = (void*)(0xffff800000000000UL | contract_random());
    SHOW("read(0, len 0)", read(0, buf, 0));
    SHOW("readv(0, count 0)", readv(0, &iov, 0));
    SHOW("read(-1)", read(-1, buf, sizeof buf));
    snprintf(label, sizeof label, "read(%d)", fd);
    SHOW(label, read(fd, buf, sizeof buf));
    snprintf(label, sizeof label, "readv(%d)", fd);
    SHOW(label, readv(fd, &iov, 1));
    snprintf(label, sizeof label, "readv(count %ld)", neg);
    SHOW(label, syscall(SYS_readv, 0, &iov, neg));
    snprintf(label, sizeof label, "readv(count %ld)", big);
    SHOW(label, syscall(SYS_readv, 0, &iov, big));
    SHOW("readv(NULL iov)", syscall(SYS_readv, 0, NULL, 1));
    SHOW("readv(kernel iov)", syscall(SYS_readv, 0, kernel, 1));
    contract_token();
    return 0;
}
