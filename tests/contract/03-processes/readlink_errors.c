/* Contract: readlink's argument checks: ENOENT for a path that does not exist, EINVAL
 * for a buffer size of 0 or negative (checked before the path), EFAULT for a NULL or
 * unmapped path. (Its success case needs symbolic links: lab 05.) */
#include "contract.h"

int main(void) {
    char buf[64];
    SHOW("readlink(missing)", readlink("/contract-nonexistent/link", buf, sizeof buf));
    SHOW("readlink(missing, bufsiz 0)",
         syscall(SYS_readlink, "/contract-nonexistent/link", buf, 0));
    SHOW("readlink(missing, bufsiz -1)",
         syscall(SYS_readlink, "/contract-nonexistent/link", buf, -1L));
    SHOW("readlink(NULL path)", syscall(SYS_readlink, NULL, buf, sizeof buf));
    SHOW("readlink(unmapped path)", syscall(SYS_readlink, before_hole(0), buf, sizeof buf));
    SHOW("readlink(missing, unmapped buffer)",
         syscall(SYS_readlink, "/contract-nonexistent", before_hole(0), 64));
    return 0;
}
