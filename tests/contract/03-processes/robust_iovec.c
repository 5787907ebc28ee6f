/* Contract: readv and writev check the whole iovec array before any transfer: a
 * negative or too large count (more than 1024) is EINVAL; an array that is NULL,
 * in the kernel or runs into an unmapped page is EFAULT; an element whose length is
 * negative as ssize_t is EINVAL, one whose buffer lies in the kernel is EFAULT, with
 * nothing written and without blocking for input. On the terminal writev is one stream: an
 * element in unmapped user memory makes the whole (short) write fail with EFAULT and
 * the elements before it are not printed. Success: 1024 elements, zero-length ones,
 * and readv/writev of nothing. */
#include "contract.h"
#include <sys/uio.h>

int main(void) {
    char buf[8] = "";
    struct iovec two[2] = {{buf, 4}, {KERNEL_ADDR, 4}};
    SHOW("readv(count -1)", syscall(SYS_readv, 0, two, -1));
    SHOW("readv(count 1025)", syscall(SYS_readv, 0, two, 1025));
    SHOW("readv(array NULL)", syscall(SYS_readv, 0, NULL, 2));
    SHOW("readv(second buffer in the kernel)", syscall(SYS_readv, 0, two, 2));
    struct iovec wrap[2] = {{buf, 4}, {buf, SIZE_MAX}};
    SHOW("readv(second length SIZE_MAX)", syscall(SYS_readv, 0, wrap, 2));
    SHOW("readv(count 0)", syscall(SYS_readv, 0, two, 0));
    SHOW("readv(fd -1)", syscall(SYS_readv, -1, two, 1));

    SHOW("writev(count -1)", syscall(SYS_writev, 1, two, -1));
    SHOW("writev(count 1025)", syscall(SYS_writev, 1, two, 1025));
    SHOW("writev(array in the kernel)", syscall(SYS_writev, 1, KERNEL_ADDR, 1));
    struct iovec* edge = before_hole(sizeof(struct iovec));
    edge[0].iov_base = "lost\n";
    edge[0].iov_len = 5;
    SHOW("writev(array runs into the hole)", syscall(SYS_writev, 1, edge, 2));
    struct iovec kern[2] = {{"lost\n", 5}, {KERNEL_ADDR, 4}};
    SHOW("writev(second buffer in the kernel)", syscall(SYS_writev, 1, kern, 2));
    struct iovec big[2] = {{"lost\n", 5}, {"x", SIZE_MAX}};
    SHOW("writev(second length SIZE_MAX)", syscall(SYS_writev, 1, big, 2));
    struct iovec half[2] = {{"lost\n", 5}, {before_hole(0), 4}};
    SHOW("writev(second buffer unmapped)", syscall(SYS_writev, 1, half, 2));
    struct iovec nul[2] = {{"lost\n", 5}, {NULL, 3}};
    SHOW("writev(second buffer NULL)", syscall(SYS_writev, 1, nul, 2));

    static struct iovec many[1024];
    for (int i = 0; i < 1024; ++i) many[i] = (struct iovec){NULL, 0};
    many[0] = (struct iovec){"10", 2};
    many[512] = (struct iovec){"24", 2};
    many[1023] = (struct iovec){" elements\n", 10};
    fflush(stdout);
    SHOW("writev(1024 elements)", syscall(SYS_writev, 1, many, 1024));
    SHOW("writev(count 0)", syscall(SYS_writev, 1, NULL, 0));
    return 0;
}
