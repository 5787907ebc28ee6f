/* Contract: readv and writev check the whole iovec array before any transfer: a
 * negative or too large count (more than 1024) is EINVAL; an array that is NULL,
 * in the kernel or runs into an unmapped page is EFAULT; an element whose length is
 * negative as ssize_t is EINVAL, one whose buffer lies in the kernel is EFAULT, with
 * nothing written and without blocking for input. On the terminal writev is one stream: an
 * element in unmapped user memory makes the whole (short) write fail with EFAULT and
 * the elements before it are not printed. Success: 1024 elements, most of them of length
 * zero, and readv/writev of nothing. The counts, the words written (and the ones that
 * must not be) and the places of the non-empty elements come from the nonce. */
#include "contract.h"
#include <limits.h>
#include <sys/uio.h>

int main(void) {
    char buf[8] = "", lost[24], label[64];
    contract_word(lost, contract_range(1, 20));
    long neg = -(long)contract_range(1, INT_MAX), big = (long)contract_range(1025, INT_MAX);
    struct iovec two[2] = {{buf, 4}, {KERNEL_ADDR, 4}};
    snprintf(label, sizeof label, "readv(count %ld)", neg);
    SHOW(label, syscall(SYS_readv, 0, two, neg));
    snprintf(label, sizeof label, "readv(count %ld)", big);
    SHOW(label, syscall(SYS_readv, 0, two, big));
    SHOW("readv(array NULL)", syscall(SYS_readv, 0, NULL, 2));
    SHOW("readv(second buffer in the kernel)", syscall(SYS_readv, 0, two, 2));
    struct iovec wrap[2] = {{buf, 4}, {buf, SIZE_MAX}};
    SHOW("readv(second length SIZE_MAX)", syscall(SYS_readv, 0, wrap, 2));
    SHOW("readv(count 0)", syscall(SYS_readv, 0, two, 0));
    SHOW("readv(fd -1)", syscall(SYS_readv, -1, two, 1));

    snprintf(label, sizeof label, "writev(count %ld)", neg);
    SHOW(label, syscall(SYS_writev, 1, two, neg));
    snprintf(label, sizeof label, "writev(count %ld)", big);
    SHOW(label, syscall(SYS_writev, 1, two, big));
    SHOW("writev(array in the kernel)", syscall(SYS_writev, 1, KERNEL_ADDR, 1));
    struct iovec* edge = before_hole(sizeof(struct iovec));
    edge[0].iov_base = lost;
    edge[0].iov_len = strlen(lost);
    SHOW("writev(array runs into the hole)", syscall(SYS_writev, 1, edge, 2));
    struct iovec kern[2] = {{lost, strlen(lost)}, {KERNEL_ADDR, 4}};
    SHOW("writev(second buffer in the kernel)", syscall(SYS_writev, 1, kern, 2));
    struct iovec huge[2] = {{lost, strlen(lost)}, {"x", SIZE_MAX}};
    SHOW("writev(second length SIZE_MAX)", syscall(SYS_writev, 1, huge, 2));
    struct iovec half[2] = {{lost, strlen(lost)}, {before_hole(0), 4}};
    SHOW("writev(second buffer unmapped)", syscall(SYS_writev, 1, half, 2));
    struct iovec nul[2] = {{lost, strlen(lost)}, {NULL, 3}};
    SHOW("writev(second buffer NULL)", syscall(SYS_writev, 1, nul, 2));

    /* Four words at places chosen from the nonce among 1024 elements, then a newline. */
    static struct iovec many[1024];
    static char words[4][24];
    for (int i = 0; i < 1024; ++i) many[i] = (struct iovec){NULL, 0};
    for (int w = 0; w < 4; ++w) {
        int at = (int)contract_range(0, 1022);
        while (many[at].iov_len) at = (at + 1) % 1023;
        contract_word(words[w], contract_range(1, 16));
        many[at] = (struct iovec){words[w], strlen(words[w])};
    }
    many[1023] = (struct iovec){"\n", 1};
    fflush(stdout);
    SHOW("writev(1024 elements)", syscall(SYS_writev, 1, many, 1024));
    SHOW("writev(count 0)", syscall(SYS_writev, 1, NULL, 0));
    return 0;
}
