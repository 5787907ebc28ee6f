/* Contract: write reads the caller's buffer through the kernel's fault-safe user
 * copy. Success: a buffer that ends exactly at the last mapped byte is written whole.
 * Errors, all EFAULT and nothing printed: a NULL buffer, a kernel address, a
 * non-canonical address, an unmapped page, and a buffer that starts mapped and runs
 * into an unmapped page. */
#include "contract.h"

int main(void) {
    char* edge = before_hole(6);
    memcpy(edge, "edge!\n", 6);
    fflush(stdout);
    SHOW("write(ends at the hole)", write(1, edge, 6));
    SHOW("write(NULL, 5)", syscall(SYS_write, 1, NULL, 5));
    SHOW("write(kernel address)", syscall(SYS_write, 1, KERNEL_ADDR, 4));
    SHOW("write(non-canonical)", syscall(SYS_write, 1, NONCANONICAL_ADDR, 4));
    SHOW("write(unmapped page)", syscall(SYS_write, 1, edge + 6, 4));
    SHOW("write(runs into the hole)", syscall(SYS_write, 1, edge, 12));
    SHOW("write(NULL, 0)", syscall(SYS_write, 1, NULL, 0));
    return 0;
}
