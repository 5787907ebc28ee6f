/* Contract: read and write check their arguments before they touch the terminal, so a
 * bad call fails at once and never blocks for input: EBADF for a negative fd, an fd
 * that was never opened and INT_MAX; EFAULT for a buffer in the kernel's half (even
 * with length 0) and for a length that wraps the address space or passes 2^63, with
 * nothing written. A write whose buffer runs into an unmapped page writes the whole
 * 2048-byte chunks before the fault and returns that short count (EFAULT when the
 * fault lies in the first chunk). Success: read and write of 0 bytes return 0, and the
 * fd's upper 32 bits are ignored (fd (k << 32) + 1 is fd 1). The unopened fd, the lengths
 * past 2^63, k, the text written and where the hole cuts it come from the nonce. */
#include "contract.h"
#include <limits.h>

/* Lines of 63 letters from the nonce and a newline. */
static void fill_lines(char* p, size_t n) {
    for (size_t i = 0; i < n; ++i)
        p[i] = (i % 64 == 63) ? '\n' : (char)('a' + contract_range(0, 25));
}

int main(void) {
    char buf[16] = "";
    char label[96];
    int fd = (int)contract_range(3, INT_MAX - 1);
    unsigned long huge = (1UL << 63) + contract_range(0, (1UL << 63) - 1);
    long upper = (long)(contract_range(1, 0xffffffffUL) << 32) + 1;
    SHOW("read(fd -1)", syscall(SYS_read, -1, buf, 1));
    snprintf(label, sizeof label, "read(fd %d, never opened)", fd);
    SHOW(label, syscall(SYS_read, fd, buf, 1));
    SHOW("read(fd INT_MAX)", syscall(SYS_read, INT_MAX, buf, 1));
    SHOW("read(kernel buffer)", syscall(SYS_read, 0, KERNEL_ADDR, 4));
    SHOW("read(kernel buffer, 0 bytes)", syscall(SYS_read, 0, KERNEL_ADDR, 0));
    SHOW("read(length SIZE_MAX)", syscall(SYS_read, 0, buf, SIZE_MAX));
    snprintf(label, sizeof label, "read(length %lu)", huge);
    SHOW(label, syscall(SYS_read, 0, buf, huge));
    SHOW("read(0 bytes)", syscall(SYS_read, 0, buf, 0));
    SHOW("write(fd -1)", syscall(SYS_write, -1, "x", 1));
    snprintf(label, sizeof label, "write(fd %d, never opened)", fd);
    SHOW(label, syscall(SYS_write, fd, "x", 1));
    SHOW("write(fd INT_MAX)", syscall(SYS_write, INT_MAX, "x", 1));
    SHOW("write(kernel buffer, 0 bytes)", syscall(SYS_write, 1, KERNEL_ADDR, 0));
    SHOW("write(length SIZE_MAX)", syscall(SYS_write, 1, buf, SIZE_MAX));
    snprintf(label, sizeof label, "write(length %lu)", huge);
    SHOW(label, syscall(SYS_write, 1, buf, huge));
    SHOW("write(0 bytes)", syscall(SYS_write, 1, buf, 0));
    fflush(stdout);
    snprintf(label, sizeof label, "write(fd %#lx)", upper);
    SHOW(label, syscall(SYS_write, upper, "upper half ignored\n", 19));

    /* 1..2047 mapped bytes, then the hole: the first chunk faults. */
    size_t mapped = contract_range(1, 2047), asked = mapped + contract_range(1, 4096);
    char* p = before_hole(mapped);
    fill_lines(p, mapped);
    snprintf(label, sizeof label, "write(%zu mapped + %zu in the hole)", mapped, asked - mapped);
    SHOW(label, syscall(SYS_write, 1, p, asked));
    /* 1 or 2 chunks and 1..2047 bytes mapped, then the hole: the whole chunks go out. */
    mapped = 2048 * contract_range(1, 2) + contract_range(1, 2047);
    asked = mapped + contract_range(1, 4096);
    p = before_hole(mapped);
    fill_lines(p, mapped);
    fflush(stdout);
    long r = syscall(SYS_write, 1, p, asked);
    int e = errno;
    printf("\n");
    snprintf(label, sizeof label, "write(%zu mapped + %zu in the hole)", mapped, asked - mapped);
    show_result(label, r, e);
    return 0;
}
