/* Contract: read and write check their arguments before they touch the terminal, so a
 * bad call fails at once and never blocks for input: EBADF for a negative fd, an fd
 * that was never opened and INT_MAX; EFAULT for a buffer in the kernel's half (even
 * with length 0) and for a length that wraps the address space or passes 2^63, with
 * nothing written. A write whose buffer runs into an unmapped page writes the whole
 * 2048-byte chunks before the fault and returns that short count (EFAULT when the
 * fault lies in the first chunk). Success: read and write of 0 bytes return 0, and the
 * fd's upper 32 bits are ignored (fd 0x100000001 is fd 1). */
#include "contract.h"
#include <limits.h>

static void fill_lines(char* p, size_t n) {
    for (size_t i = 0; i < n; ++i) p[i] = (i % 64 == 63) ? '\n' : (char)('a' + (i / 64) % 26);
}

int main(void) {
    char buf[16] = "";
    SHOW("read(fd -1)", syscall(SYS_read, -1, buf, 1));
    SHOW("read(fd 3, never opened)", syscall(SYS_read, 3, buf, 1));
    SHOW("read(fd INT_MAX)", syscall(SYS_read, INT_MAX, buf, 1));
    SHOW("read(kernel buffer)", syscall(SYS_read, 0, KERNEL_ADDR, 4));
    SHOW("read(kernel buffer, 0 bytes)", syscall(SYS_read, 0, KERNEL_ADDR, 0));
    SHOW("read(length SIZE_MAX)", syscall(SYS_read, 0, buf, SIZE_MAX));
    SHOW("read(length 2^63)", syscall(SYS_read, 0, buf, 1UL << 63));
    SHOW("read(0 bytes)", syscall(SYS_read, 0, buf, 0));
    SHOW("write(fd -1)", syscall(SYS_write, -1, "x", 1));
    SHOW("write(fd 3, never opened)", syscall(SYS_write, 3, "x", 1));
    SHOW("write(fd INT_MAX)", syscall(SYS_write, INT_MAX, "x", 1));
    SHOW("write(kernel buffer, 0 bytes)", syscall(SYS_write, 1, KERNEL_ADDR, 0));
    SHOW("write(length SIZE_MAX)", syscall(SYS_write, 1, buf, SIZE_MAX));
    SHOW("write(length 2^63)", syscall(SYS_write, 1, buf, 1UL << 63));
    SHOW("write(0 bytes)", syscall(SYS_write, 1, buf, 0));
    fflush(stdout);
    SHOW("write(fd 0x100000001)", syscall(SYS_write, 0x100000001L, "upper half ignored\n", 19));
    /* 2047 mapped bytes, then the hole: the first chunk faults. */
    char* p = before_hole(2047);
    fill_lines(p, 2047);
    SHOW("write(2047 mapped + 1 in the hole)", syscall(SYS_write, 1, p, 2048));
    /* 2048 + 100 mapped bytes, then the hole: one chunk goes out. */
    p = before_hole(2148);
    fill_lines(p, 2148);
    fflush(stdout);
    long r = syscall(SYS_write, 1, p, 4096);
    int e = errno;
    printf("\n");
    show_result("write(2148 mapped + 1948 in the hole)", r, e);
    return 0;
}
