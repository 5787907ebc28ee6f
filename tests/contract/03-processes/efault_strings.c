/* Contract: path strings are copied with a bound and a fault check: a path whose
 * bytes run into an unmapped page before its NUL fails with EFAULT (execve, readlink);
 * the same bytes with the NUL as the last mapped byte are a valid (missing) path:
 * ENOENT. A path longer than PATH_MAX fails with ENAMETOOLONG. The paths' lengths and
 * letters come from the nonce. */
#include "contract.h"
#include <limits.h>

int main(void) {
    char* args[] = {"x", NULL};
    char buf[64], label[96];
    size_t len = contract_range(12, 3000); /* with its NUL */
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
