/* Contract: bind mounts and moves. MS_BIND shows a directory at a second place (a file
 * made through one name is seen through the other, the device is the same) and a file on
 * top of another file; MS_MOVE takes a whole mount to a new place; a bind of a directory
 * onto a file is ENOTDIR; moving a mount below itself is ELOOP; a plain directory can't
 * be moved (EINVAL). Errors: ENOTDIR, ELOOP, EINVAL, ENOENT. */
#include "contract.h"

#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>

static char top[64];

static const char* at(const char* name) {
    static char buf[6][128];
    static int n;
    char* b = buf[n++ % 6];
    snprintf(b, 128, "%s/%s", top, name);
    return b;
}

static void put(const char* path, const char* text) {
    int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
    write(fd, text, strlen(text));
    close(fd);
}

static void show_file(const char* label, const char* path) {
    char buf[64] = {0};
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        printf("%s: -1 %s\n", label, errname(errno));
        return;
    }
    read(fd, buf, sizeof buf - 1);
    close(fd);
    printf("%s: %s\n", label, buf);
}

int main(void) {
    snprintf(top, sizeof top, "/tmp/ct-bind-%08llx", contract_random() & 0xffffffffu);
    char word[16];
    contract_word(word, 8);
    mkdir(top, 0755);
    mkdir(at("a"), 0755);
    mkdir(at("b"), 0755);
    mkdir(at("m"), 0755);
    mkdir(at("n"), 0755);
    put(at("a/one"), word);
    put(at("file1"), "first");
    put(at("file2"), "second");
    SHOW("bind a onto b", mount(at("a"), at("b"), NULL, MS_BIND, NULL));
    show_file("b/one", at("b/one"));
    put(at("b/two"), "made through b");
    show_file("a/two", at("a/two"));
    struct stat sa, sb;
    stat(at("a/one"), &sa);
    stat(at("b/one"), &sb);
    printf("same inode: %s\n", sa.st_ino == sb.st_ino && sa.st_dev == sb.st_dev ? "yes" : "no");
    SHOW("bind a directory onto a file", mount(at("a"), at("file1"), NULL, MS_BIND, NULL));
    SHOW("bind file2 onto file1", mount(at("file2"), at("file1"), NULL, MS_BIND, NULL));
    show_file("file1 now", at("file1"));
    SHOW("umount2 file1", umount2(at("file1"), 0));
    show_file("file1 again", at("file1"));
    SHOW("umount2 b", umount2(at("b"), 0));
    SHOW("b/one after", access(at("b/one"), F_OK));

    SHOW("mount tmpfs on m", mount("none", at("m"), "tmpfs", 0, NULL));
    put(at("m/inside"), word);
    mkdir(at("m/sub"), 0755);
    SHOW("move m below itself", mount(at("m"), at("m/sub"), NULL, MS_MOVE, NULL));
    SHOW("move a plain directory", mount(at("a"), at("n"), NULL, MS_MOVE, NULL));
    SHOW("move m to n", mount(at("m"), at("n"), NULL, MS_MOVE, NULL));
    show_file("n/inside", at("n/inside"));
    SHOW("m/inside now", access(at("m/inside"), F_OK));
    SHOW("umount2 m", umount2(at("m"), 0));
    SHOW("umount2 n", umount2(at("n"), 0));
    SHOW("bind from a missing path", mount(at("zz"), at("b"), NULL, MS_BIND, NULL));
    unlink(at("a/one"));
    unlink(at("a/two"));
    unlink(at("file1"));
    unlink(at("file2"));
    rmdir(at("a"));
    rmdir(at("b"));
    rmdir(at("m"));
    rmdir(at("n"));
    rmdir(top);
    contract_token();
    return 0;
}
