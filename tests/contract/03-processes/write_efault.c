/* Contract: write reads the caller's buffer through the kernel's fault-safe user
 * copy. Success: a buffer that ends exactly at the last mapped byte is written whole
 * (its text and length, 2..64 bytes, come from the nonce). Errors, all EFAULT and nothing
 * printed: a NULL buffer, a kernel address, a non-canonical address (both chosen from the
 * nonce), an unmapped page, and a buffer that starts mapped and runs into an unmapped
 * page. */
#include "contract.h"

int main(void) {
    size_t len = contract_range(2, 64);
    char* edge = before_hole(len);
    contract_word(edge, len - 1); /* its NUL is overwritten by the newline */
    edge[len - 1] = '\n';
    void* kernel = (void*)(0xffff800000000000UL | contract_random());
    void* noncanonical =
        (void*)(0x0000800000000000UL + contract_range(0, 0xffff000000000000UL - 1));
    fflush(stdout);
    SHOW("write(ends at the hole)", write(1, edge, len));
    SHOW("write(NULL, 5)", syscall(SYS_write, 1, NULL, 5));
    SHOW("write(kernel address)", syscall(SYS_write, 1, kernel, 4));
    SHOW("write(non-canonical)", syscall(SYS_write, 1, noncanonical, 4));
    SHOW("write(unmapped page)", syscall(SYS_write, 1, edge + len, 4));
    SHOW("write(runs into the hole)", syscall(SYS_write, 1, edge, len + 6));
    SHOW("write(NULL, 0)", syscall(SYS_write, 1, NULL, 0));
    return 0;
}
