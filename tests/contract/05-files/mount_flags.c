/* Contract: per-mount flags. On an MS_RDONLY mount (a remount of a tmpfs) reads work and
 * every change is EROFS (create, write open, unlink, mkdir, chmod, truncate, utimes),
 * while access(W_OK) says EROFS too; a remount read-write allows them again; MS_NOEXEC
 * makes execve EACCES; MS_NODEV makes opening a device EACCES; MS_NOSUID makes a
 * set-user-ID program run with the caller's ids. Errors: EROFS, EACCES, EINVAL (remount
 * of a directory that is not a mount root). */
#include "contract.h"

#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

static char dir[64];

static const char* at(const char* name) {
    static char buf[4][128];
    static int n;
    char* b = buf[n++ % 4];
    snprintf(b, 128, "%s/%s", dir, name);
    return b;
}

static void copy_self(const char* to) {
    int in = open(self_path(), O_RDONLY), out = open(to, O_CREAT | O_WRONLY | O_TRUNC, 0755);
    static char buf[65536];
    ssize_t n;
    while ((n = read(in, buf, sizeof buf)) > 0) write(out, buf, (size_t)n);
    close(in);
    close(out);
}

int main(int argc, char** argv) {
    if (argc > 2 && strcmp(argv[1], "--ids") == 0) {
        printf("ran with %s: euid is the caller's: %s\n", argv[2],
               geteuid() == getuid() ? "yes" : "no");
        return 0;
    }
    snprintf(dir, sizeof dir, "/tmp/ct-mflags-%08llx", contract_random() & 0xffffffffu);
    mkdir(dir, 0755);
    SHOW("mount tmpfs", mount("none", dir, "tmpfs", 0, "mode=0755"));
    int fd = open(at("f"), O_CREAT | O_WRONLY, 0644);
    write(fd, "abc", 3);
    close(fd);
    mkdir(at("d"), 0755);
    SHOW("remount read-only", mount("none", dir, NULL, MS_REMOUNT | MS_RDONLY, NULL));
    SHOW_OK("open O_RDONLY", fd = open(at("f"), O_RDONLY));
    close(fd);
    SHOW("open O_CREAT new", open(at("g"), O_CREAT | O_WRONLY, 0644));
    SHOW("open O_WRONLY", open(at("f"), O_WRONLY));
    SHOW("unlink", unlink(at("f")));
    SHOW("mkdir", mkdir(at("e"), 0755));
    SHOW("mkdir existing", mkdir(at("d"), 0755));
    SHOW("rmdir", rmdir(at("d")));
    SHOW("chmod", chmod(at("f"), 0600));
    SHOW("truncate", truncate(at("f"), 1));
    SHOW("utimensat", utimensat(AT_FDCWD, at("f"), NULL, 0));
    SHOW("access W_OK", access(at("f"), W_OK));
    SHOW("access R_OK", access(at("f"), R_OK));
    SHOW("remount of a subdirectory", mount("none", at("d"), NULL, MS_REMOUNT, NULL));
    SHOW("remount read-write", mount("none", dir, NULL, MS_REMOUNT, NULL));
    SHOW("unlink now", unlink(at("f")));

    char word[16];
    contract_word(word, 6);
    char* args[] = {argv[0], "--ids", word, NULL};
    copy_self(at("prog"));
    chown(at("prog"), 2345, 2345);
    chmod(at("prog"), 04755);
    SHOW("remount nosuid,nodev,noexec",
         mount("none", dir, NULL, MS_REMOUNT | MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL));
    SHOW("execve on noexec", execve(at("prog"), args, environ));
    SHOW("mknod /dev/null's twin", mknod(at("null"), S_IFCHR | 0666, makedev(1, 3)));
    SHOW("open it on nodev", open(at("null"), O_WRONLY));
    SHOW("remount nosuid only", mount("none", dir, NULL, MS_REMOUNT | MS_NOSUID, NULL));
    SHOW_OK("open the device now", fd = open(at("null"), O_WRONLY));
    close(fd);
    pid_t pid = fork_flushed();
    if (pid == 0) {
        setresuid(3456, 3456, 3456);
        execve(at("prog"), args, environ);
        printf("execve: -1 %s\n", errname(errno));
        fflush(stdout);
        _exit(1);
    }
    printf("set-user-ID program on nosuid: %s\n", describe_status(wait_for(pid)));
    SHOW("umount2", umount2(dir, 0));
    rmdir(dir);
    contract_token();
    return 0;
}
