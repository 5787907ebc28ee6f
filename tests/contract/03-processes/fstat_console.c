/* Contract: fstat on the console fds reports a character device of size 0, the same
 * device and inode for fds 0, 1 and 2; newfstatat with AT_EMPTY_PATH on fd 1 agrees
 * with fstat. Errors: EBADF for bad fds (fstat and newfstatat; fds that were never
 * opened chosen from the nonce), ENOENT for an empty path without AT_EMPTY_PATH and for
 * a missing path of any length up to PATH_MAX (chosen from the nonce); a token mixes the
 * nonce with the results. (Flag validation differs between Linux versions when
 * AT_EMPTY_PATH is given: not tested.) */
#include "contract.h"
#include <fcntl.h>
#include <limits.h>

int main(void) {
    struct stat s[3];
    for (int fd = 0; fd < 3; ++fd) {
        memset(&s[fd], (int)contract_range(0, 255), sizeof s[fd]);
        long r = fstat(fd, &s[fd]);
        contract_observe((unsigned long)S_ISCHR(s[fd].st_mode) << 32 |
                         (unsigned long)s[fd].st_size);
        printf("fstat(%d): %ld, character device: %s, size %lld\n", fd, r,
               S_ISCHR(s[fd].st_mode) ? "yes" : "no", (long long)s[fd].st_size);
    }
    printf("same device and inode on 0, 1, 2: %s\n",
           s[0].st_rdev == s[1].st_rdev && s[1].st_rdev == s[2].st_rdev &&
                   s[0].st_ino == s[1].st_ino && s[1].st_ino == s[2].st_ino
               ? "yes"
               : "no");
    struct stat e;
    SHOW("newfstatat(1, \"\", AT_EMPTY_PATH)", syscall(SYS_newfstatat, 1, "", &e, AT_EMPTY_PATH));
    printf("agrees with fstat: %s\n",
           e.st_mode == s[1].st_mode && e.st_rdev == s[1].st_rdev && e.st_ino == s[1].st_ino
               ? "yes"
               : "no");
    int fd = (int)contract_range(3, INT_MAX), fd2 = (int)contract_range(3, INT_MAX);
    char label[64];
    snprintf(label, sizeof label, "fstat(%d)", fd);
    SHOW(label, syscall(SYS_fstat, fd, &e));
    SHOW("fstat(-1)", syscall(SYS_fstat, -1, &e));
    snprintf(label, sizeof label, "newfstatat(%d, \"\", AT_EMPTY_PATH)", fd2);
    SHOW(label, syscall(SYS_newfstatat, fd2, "", &e, AT_EMPTY_PATH));
    SHOW("newfstatat(1, \"\", 0)", syscall(SYS_newfstatat, 1, "", &e, 0));
    size_t len = contract_range(12, 4096); /* with its NUL, up to PATH_MAX */
    char* missing = malloc(len);
    memcpy(missing, "/no/such/", 9);
    contract_word(missing + 9, len - 10);
    snprintf(label, sizeof label, "newfstatat(AT_FDCWD, missing path of %zu bytes)", len);
    SHOW(label, syscall(SYS_newfstatat, AT_FDCWD, missing, &e, 0));
    contract_token();
    return 0;
}
