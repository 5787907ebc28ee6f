/* Contract: fstat on the console fds reports a character device of size 0, the same
 * device and inode for fds 0, 1 and 2; newfstatat with AT_EMPTY_PATH on fd 1 agrees
 * with fstat. Errors: EBADF for bad fds (fstat and newfstatat), ENOENT for an empty
 * path without AT_EMPTY_PATH. (Flag validation differs between Linux versions when
 * AT_EMPTY_PATH is given: not tested.) */
#include "contract.h"
#include <fcntl.h>

int main(void) {
    struct stat s[3];
    for (int fd = 0; fd < 3; ++fd) {
        long r = fstat(fd, &s[fd]);
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
    SHOW("fstat(99)", syscall(SYS_fstat, 99, &e));
    SHOW("fstat(-1)", syscall(SYS_fstat, -1, &e));
    SHOW("newfstatat(99, \"\", AT_EMPTY_PATH)", syscall(SYS_newfstatat, 99, "", &e, AT_EMPTY_PATH));
    SHOW("newfstatat(1, \"\", 0)", syscall(SYS_newfstatat, 1, "", &e, 0));
    return 0;
}
