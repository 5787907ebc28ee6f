/* Contract: a file created in /tmp reads back what was written (write, lseek, read,
 * pread64, pwrite64, O_APPEND, ftruncate, a sparse write far past the end reads zeros in
 * the hole); fstat reports its size. Errors: O_CREAT|O_EXCL on an existing file is
 * EEXIST, opening a missing file is ENOENT, writing an O_RDONLY descriptor is EBADF,
 * reading a directory is EISDIR, lseek to a negative offset is EINVAL. */
#include "contract.h"

#include <fcntl.h>
#include <sys/stat.h>

int main(void) {
    char dir[64], path[96], word[18], back[64];
    snprintf(dir, sizeof dir, "/tmp/ct-rw-%08llx", contract_random() & 0xffffffffu);
    snprintf(path, sizeof path, "%s/file", dir);
    SHOW("mkdir", mkdir(dir, 0755));
    int fd = open(path, O_CREAT | O_RDWR | O_EXCL, 0644);
    printf("open(O_CREAT|O_EXCL): %s\n", fd >= 0 ? "ok" : errname(errno));
    contract_word(word, 17);
    SHOW("write", write(fd, word, 16));
    SHOW("lseek(0, SEEK_SET)", lseek(fd, 0, SEEK_SET));
    memset(back, 0, sizeof back);
    SHOW("read", read(fd, back, sizeof back));
    printf("same bytes: %s\n", memcmp(back, word, 16) == 0 ? "yes" : "no");
    SHOW("read at end", read(fd, back, sizeof back));
    SHOW("pwrite64 at 4", pwrite(fd, "XY", 2, 4));
    memset(back, 0, sizeof back);
    SHOW("pread64 at 3", pread(fd, back, 4, 3));
    printf("pread bytes: %c%c%c\n", back[1], back[2], back[0] == word[3] ? '=' : '!');
    SHOW("lseek(0, SEEK_CUR) after pread", lseek(fd, 0, SEEK_CUR));
    struct stat st;
    SHOW("fstat", fstat(fd, &st));
    printf("size %lld, regular %s, nlink %ld\n", (long long)st.st_size,
           S_ISREG(st.st_mode) ? "yes" : "no", (long)st.st_nlink);
    SHOW("ftruncate(8)", ftruncate(fd, 8));
    SHOW("lseek(1 MiB)", lseek(fd, 1 << 20, SEEK_SET));
    SHOW("write past the end", write(fd, "end", 3));
    SHOW("pread64 in the hole", pread(fd, back, 16, 4096));
    int zeros = 1;
    for (int i = 0; i < 16; ++i) zeros &= back[i] == 0;
    printf("hole reads zeros: %s\n", zeros ? "yes" : "no");
    SHOW("fstat", fstat(fd, &st));
    printf("size %lld\n", (long long)st.st_size);
    SHOW("close", close(fd));

    int ap = open(path, O_WRONLY | O_APPEND);
    SHOW("write O_APPEND", write(ap, "!", 1));
    SHOW("lseek(0, SEEK_CUR) after append", lseek(ap, 0, SEEK_CUR));
    SHOW("lseek(-1, SEEK_SET)", lseek(ap, -1, SEEK_SET));
    close(ap);
    int ro = open(path, O_RDONLY | O_TRUNC);
    SHOW("write O_RDONLY", write(ro, "x", 1));
    SHOW("fstat", fstat(ro, &st));
    printf("size after O_RDONLY|O_TRUNC %lld\n", (long long)st.st_size);
    close(ro);
    int tr = open(path, O_WRONLY | O_TRUNC);
    SHOW("fstat", fstat(tr, &st));
    printf("size after O_WRONLY|O_TRUNC %lld\n", (long long)st.st_size);
    close(tr);
    SHOW("open(O_CREAT|O_EXCL) again", open(path, O_CREAT | O_EXCL | O_WRONLY, 0644));
    SHOW("open(missing)", open("/tmp/ct-rw-missing/none", O_RDONLY));
    int d = open(dir, O_RDONLY | O_DIRECTORY);
    SHOW("read(directory)", read(d, back, 8));
    SHOW("open(directory, O_WRONLY)", open(dir, O_WRONLY));
    SHOW("open(file, O_DIRECTORY)", open(path, O_RDONLY | O_DIRECTORY));
    close(d);
    SHOW("unlink", unlink(path));
    SHOW("rmdir", rmdir(dir));
    contract_observe(st.st_size);
    contract_token();
    return 0;
}
