/* Contract: readlink's argument checks: ENOENT for a path that does not exist, EINVAL
 * for a buffer size of 0 or negative (checked before the path; the size is an int, so
 * only the lower 32 bits of the register count), EFAULT for a NULL or unmapped path.
 * (Its success case needs symbolic links: lab 05.) The missing paths and the sizes come
 * from the nonce; a token mixes the nonce with the results. */
#include "contract.h"
#include <limits.h>

int main(void) {
    char buf[64], path[64], label[128];
    snprintf(path, sizeof path, "/contract-nonexistent/");
    contract_word(path + strlen(path), contract_range(1, 30));
    long neg = -(long)contract_range(1, INT_MAX);
    snprintf(label, sizeof label, "readlink(%s)", path);
    SHOW(label, readlink(path, buf, sizeof buf));
    snprintf(label, sizeof label, "readlink(%s, bufsiz 0)", path);
    SHOW(label, syscall(SYS_readlink, path, buf, 0));
    snprintf(label, sizeof label, "readlink(%s, bufsiz %ld)", path, neg);
    SHOW(label, syscall(SYS_readlink, path, buf, neg));
    long upper = (long)(contract_range(1, 0x7fffffff) << 32);
    snprintf(label, sizeof label, "readlink(%s, bufsiz %#lx)", path, upper);
    SHOW(label, syscall(SYS_readlink, path, buf, upper));
    snprintf(label, sizeof label, "readlink(%s, bufsiz %#lx)", path, upper + 64);
    SHOW(label, syscall(SYS_readlink, path, buf, upper + 64));
    SHOW("readlink(NULL path)", syscall(SYS_readlink, NULL, buf, sizeof buf));
    SHOW("readlink(unmapped path)", syscall(SYS_readlink, before_hole(0), buf, sizeof buf));
    SHOW("readlink(missing, unmapped buffer)",
         syscall(SYS_readlink, "/contract-nonexistent", before_hole(0), 64));
    contract_token();
    return 0;
}
