/* Contract: path strings are copied with a bound and a fault check: a path whose
 * bytes run into an unmapped page before its NUL fails with EFAULT (execve, readlink);
 * the same bytes with the NUL as the last mapped byte are a valid (missing) path:
 * ENOENT, for any length up to PATH_MAX (4096 bytes with the NUL, tried exactly too). A
 * path longer than PATH_MAX fails with ENAMETOOLONG. The paths' lengths and letters
 * come from the nonce. */
#include "contract.h"
#include <limits.h>

static void try_edge(size_t len) {
    char* args[] = {"x", NULL};
    char buf[64], label[96];
    char* edge = before_hole(len);
    memcpy(edge, "/no/such/", 9);
    contract_word(edge + 9, len - 10); /* NUL is the last mapped byte */
    snprintf(label, sizeof label, "execve(%zu bytes, NUL at the edge)", len);
    SHOW(label, execve(edge, args, environ));
    snprintf(label, sizeof label, "readlink(%zu bytes, NUL at the edge)", len);
    SHOW(label, readlink(edge, buf, sizeof buf));
    edge[len - 1] = 'x'; /* no NUL before the hole */
    snprintf(label, sizeof label, "execve(%zu bytes, no NUL before the hole)", len);
    SHOW(label, syscall(SYS_execve, edge, args, environ));
    snprintf(label, sizeof label, "readlink(%zu bytes, no NUL before the hole)", len);
    SHOW(label, syscall(SYS_readlink, edge, buf, sizeof buf));
}

int main(void) {
    try_edge(contract_range(12, PATH_MAX - 1)); /* with its NUL */
    try_edge(PATH_MAX);
    char* args[] = {"x", NULL};
    char buf[64], label[96];
    size_t longer = PATH_MAX + contract_range(0, 8192); /* with its NUL: over PATH_MAX */
    char* longpath = malloc(longer + 1);
    contract_word(longpath, longer);
    longpath[0] = '/';
    snprintf(label, sizeof label, "execve(%zu bytes, longer than PATH_MAX)", longer + 1);
    SHOW(label, execve(longpath, args, environ));
    snprintf(label, sizeof label, "readlink(%zu bytes, longer than PATH_MAX)", longer + 1);
    SHOW(label, readlink(longpath, buf, sizeof buf));
    return 0;
}
