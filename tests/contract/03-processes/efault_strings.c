/* Contract: path strings are copied with a bound and a fault check: a path whose
 * bytes run into an unmapped page before its NUL fails with EFAULT (execve, readlink);
 * the same bytes with the NUL as the last mapped byte are a valid (missing) path:
 * ENOENT. A path longer than PATH_MAX fails with ENAMETOOLONG. */
#include "contract.h"
#include <limits.h>

int main(void) {
    char* args[] = {"x", NULL};
    char buf[64];
    char* edge = before_hole(12);
    memcpy(edge, "/no/such/fi", 12); /* NUL is the last mapped byte */
    SHOW("execve(NUL at the edge)", execve(edge, args, environ));
    SHOW("readlink(NUL at the edge)", readlink(edge, buf, sizeof buf));
    edge[11] = 'x'; /* no NUL before the hole */
    SHOW("execve(no NUL before the hole)", syscall(SYS_execve, edge, args, environ));
    SHOW("readlink(no NUL before the hole)", syscall(SYS_readlink, edge, buf, sizeof buf));
    char* longpath = malloc(PATH_MAX + 10);
    memset(longpath, 'a', PATH_MAX + 9);
    longpath[0] = '/';
    longpath[PATH_MAX + 9] = 0;
    SHOW("execve(longer than PATH_MAX)", execve(longpath, args, environ));
    SHOW("readlink(longer than PATH_MAX)", readlink(longpath, buf, sizeof buf));
    return 0;
}
