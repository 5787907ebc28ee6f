/* Contract: directories in /tmp: mkdir, getdents64 (names listed once each, also when
 * entries are deleted between two calls), rename (over a file, RENAME_NOREPLACE,
 * RENAME_EXCHANGE), hard links (st_nlink), symbolic links (readlink, lstat, a loop) and
 * the working directory (chdir, getcwd, "..", fchdir). Errors: EEXIST, ENOTEMPTY,
 * EISDIR, ENOTDIR, EINVAL (a directory into itself), ELOOP, ENOENT. */
#include "contract.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>

struct linux_dirent64 {
    unsigned long long d_ino;
    long long d_off;
    unsigned short d_reclen;
    unsigned char d_type;
    char d_name[];
};

static int by_name(const void* a, const void* b) {
    return strcmp(*(char* const*)a, *(char* const*)b);
}

/* Lists @p dir with getdents64 in buffers of @p size bytes, deleting "f*" entries as it
 * goes when @p unlink_some; prints the sorted names seen and how often each came. */
static void list(const char* dir, size_t size, int unlink_some) {
    int fd = open(dir, O_RDONLY | O_DIRECTORY);
    char buf[4096];
    char* names[64];
    int n = 0, calls = 0;
    for (;;) {
        long r = syscall(SYS_getdents64, fd, buf, size);
        if (r <= 0) {
            if (r < 0) printf("getdents64: -1 %s\n", errname(errno));
            break;
        }
        ++calls;
        for (long off = 0; off < r;) {
            struct linux_dirent64* d = (struct linux_dirent64*)(buf + off);
            if (n < 64) names[n++] = strdup(d->d_name);
            off += d->d_reclen;
        }
        if (unlink_some && calls == 1) {
            char p[160];
            for (int i = 0; i < 10; i += 3) {
                snprintf(p, sizeof p, "%s/f%d", dir, i);
                unlink(p);
            }
        }
    }
    close(fd);
    qsort(names, (size_t)n, sizeof names[0], by_name);
    if (!unlink_some) {
        printf("listing:");
        for (int i = 0; i < n; ++i) printf(" %s", names[i]);
        printf("\n");
    } else {
        /* The order is the file system's: only survivors are sure to come, once each. */
        static const char* const survivors[] = {".", "..", "f1", "f2", "f4", "f5", "f7", "f8"};
        int ok = 1;
        for (size_t s = 0; s < sizeof survivors / sizeof survivors[0]; ++s) {
            int seen = 0;
            for (int i = 0; i < n; ++i) seen += strcmp(names[i], survivors[s]) == 0;
            ok &= seen == 1;
        }
        for (int i = 1; i < n; ++i) ok &= strcmp(names[i - 1], names[i]) != 0;
        printf("listing under deletion: every survivor once, nothing twice: %s (%d calls)\n",
               ok ? "yes" : "no", calls > 3 ? 4 : calls);
    }
    for (int i = 0; i < n; ++i) free(names[i]);
}

int main(void) {
    char dir[64], a[96], b[96], c[96], sub[96], cwd[256];
    snprintf(dir, sizeof dir, "/tmp/ct-dir-%08llx", contract_random() & 0xffffffffu);
    SHOW("mkdir", mkdir(dir, 0755));
    SHOW("mkdir again", mkdir(dir, 0755));
    for (int i = 0; i < 10; ++i) {
        snprintf(a, sizeof a, "%s/f%d", dir, i);
        close(open(a, O_CREAT | O_WRONLY, 0644));
    }
    list(dir, 4096, 0);
    list(dir, 64, 1); /* small buffers: several calls, deletions in between */
    SHOW("getdents64(tiny buffer)", ({
             int fd = open(dir, O_RDONLY);
             char t[8];
             long r = syscall(SYS_getdents64, fd, t, sizeof t);
             int e = errno;
             close(fd);
             errno = e;
             r;
         }));

    snprintf(a, sizeof a, "%s/f1", dir);
    snprintf(b, sizeof b, "%s/f2", dir);
    snprintf(c, sizeof c, "%s/link", dir);
    snprintf(sub, sizeof sub, "%s/sub", dir);
    SHOW("link", link(a, c));
    struct stat st;
    stat(a, &st);
    printf("nlink after link: %ld\n", (long)st.st_nlink);
    SHOW("link onto an existing name", link(a, b));
    SHOW("rename over a file", rename(a, b));
    stat(b, &st);
    printf("nlink after rename: %ld\n", (long)st.st_nlink);
    SHOW("stat(old name)", stat(a, &st));
    SHOW("mkdir sub", mkdir(sub, 0755));
    SHOW("rename(file, dir)", rename(b, sub));
    SHOW("rename(dir, file)", rename(sub, b));
    SHOW("renameat2(NOREPLACE)", syscall(SYS_renameat2, AT_FDCWD, b, AT_FDCWD, c, 1));
    SHOW("renameat2(EXCHANGE)", syscall(SYS_renameat2, AT_FDCWD, b, AT_FDCWD, sub, 2));
    stat(b, &st);
    printf("after exchange %s is a directory: %s\n", "f2", S_ISDIR(st.st_mode) ? "yes" : "no");
    SHOW("renameat2(EXCHANGE) back", syscall(SYS_renameat2, AT_FDCWD, b, AT_FDCWD, sub, 2));
    snprintf(a, sizeof a, "%s/sub/inner", dir);
    SHOW("mkdir sub/inner", mkdir(a, 0755));
    SHOW("rename(dir into itself)", rename(sub, a));
    SHOW("rmdir(non-empty)", rmdir(sub));
    SHOW("unlink(dir)", unlink(sub));
    SHOW("rmdir(file)", rmdir(b));
    SHOW("rmdir(sub/inner/.)", ({
             char p[128];
             snprintf(p, sizeof p, "%s/.", a);
             rmdir(p);
         }));
    SHOW("rmdir sub/inner", rmdir(a));

    snprintf(a, sizeof a, "%s/sym", dir);
    SHOW("symlink", symlink("f2", a));
    char target[64] = {0};
    SHOW("readlink", readlink(a, target, sizeof target));
    printf("target: %s\n", target);
    SHOW("readlink(not a link)", readlink(b, target, sizeof target));
    SHOW("lstat", lstat(a, &st));
    printf("lstat says link: %s, size %lld\n", S_ISLNK(st.st_mode) ? "yes" : "no",
           (long long)st.st_size);
    SHOW("stat through it", stat(a, &st));
    printf("stat says regular: %s\n", S_ISREG(st.st_mode) ? "yes" : "no");
    snprintf(c, sizeof c, "%s/loop", dir);
    symlink("loop", c);
    SHOW("open(loop)", open(c, O_RDONLY));
    SHOW("open(link, O_NOFOLLOW)", open(a, O_RDONLY | O_NOFOLLOW));
    SHOW("open(/tmp/../tmp/.)", open("/tmp/../tmp/.", O_RDONLY | O_DIRECTORY) >= 0 ? 0 : -1);
    snprintf(c, sizeof c, "%s/f2/x", dir);
    SHOW("open(file/x)", open(c, O_RDONLY));

    int here = open(".", O_RDONLY | O_DIRECTORY);
    SHOW("chdir", chdir(sub));
    SHOW("getcwd", getcwd(cwd, sizeof cwd) ? 0 : -1);
    printf("cwd is the directory: %s\n", strcmp(cwd, sub) == 0 ? "yes" : "no");
    SHOW("open relative ../f2", ({
             int fd = open("../f2", O_RDONLY);
             if (fd >= 0) close(fd);
             fd >= 0 ? 0 : -1;
         }));
    SHOW("chdir(/tmp/..)", chdir("/tmp/.."));
    printf("cwd: %s\n", getcwd(cwd, sizeof cwd) ? cwd : "?");
    SHOW("getcwd(tiny)", getcwd(cwd, 2) ? 0 : -1);
    SHOW("fchdir", fchdir(here));
    SHOW("chdir(file)", chdir(b));
    close(here);

    snprintf(a, sizeof a, "%s/sym", dir);
    unlink(a);
    snprintf(a, sizeof a, "%s/loop", dir);
    unlink(a);
    for (int i = 0; i < 10; ++i) {
        snprintf(a, sizeof a, "%s/f%d", dir, i);
        unlink(a);
    }
    snprintf(a, sizeof a, "%s/link", dir);
    unlink(a);
    rmdir(sub);
    SHOW("rmdir", rmdir(dir));
    contract_token();
    return 0;
}
