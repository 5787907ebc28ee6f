/* Contract: mounting tmpfs and unmounting it. A tmpfs mounted by name is a new file
 * system (another st_dev, empty, its root with the mode= option) that holds at most
 * size= bytes (ENOSPC past them); umount2 of a mount whose file is open is EBUSY, works
 * once it is closed and shows the directory beneath again; MNT_DETACH takes a busy mount
 * away at once while its open file still reads; MNT_EXPIRE marks first (EAGAIN) and
 * unmounts on the second call. Errors: ENODEV (unknown type), EINVAL (bad option, not a
 * mount point, bad flags), ENOTDIR, ENOENT, EPERM (unprivileged). */
#include "contract.h"

#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>

int main(void) {
    char dir[64], file[96], notdir[96];
    snprintf(dir, sizeof dir, "/tmp/ct-mnt-%08llx", contract_random() & 0xffffffffu);
    snprintf(file, sizeof file, "%s/f", dir);
    snprintf(notdir, sizeof notdir, "%s-file", dir);
    mkdir(dir, 0755);
    close(open(notdir, O_CREAT | O_WRONLY, 0644));
    close(open(file, O_CREAT | O_WRONLY, 0644));  // beneath the mount
    struct stat below, st;
    stat(dir, &below);
    int kib = (int)contract_range(2, 6);
    char opts[64];
    snprintf(opts, sizeof opts, "size=%dk,mode=0710", kib * 4);
    SHOW("mount tmpfs", mount("none", dir, "tmpfs", 0, opts));
    stat(dir, &st);
    printf("another device: %s, root mode %o\n", st.st_dev != below.st_dev ? "yes" : "no",
           st.st_mode & 07777);
    SHOW("the file beneath is hidden", stat(file, &st));
    int fd = open(file, O_CREAT | O_RDWR, 0644);
    char page[4096];
    memset(page, 'x', sizeof page);
    long total = 0, r;
    while ((r = write(fd, page, sizeof page)) > 0) total += r;
    printf("bytes written before the end: %ld KiB (size= was %d KiB)\n", total / 1024, kib * 4);
    printf("last write: %s\n", errname(errno));
    SHOW("umount2 while a file is open", umount2(dir, 0));
    SHOW("umount2(MNT_FORCE) while busy", umount2(dir, MNT_FORCE));
    close(fd);
    SHOW("umount2 once closed", umount2(dir, 0));
    SHOW("the file beneath is back", stat(file, &st) == 0 && st.st_size == 0 ? 0 : -1);
    SHOW("umount2 of a plain directory", umount2(dir, 0));
    SHOW("umount2 bad flags", umount2(dir, 0x100));
    SHOW("umount2 MNT_EXPIRE|MNT_DETACH", umount2(dir, MNT_EXPIRE | MNT_DETACH));
    SHOW("umount2 missing path", umount2("/tmp/ct-mnt-none/x", 0));

    SHOW("mount again", mount("none", dir, "tmpfs", 0, NULL));
    fd = open(file, O_CREAT | O_RDWR, 0644);
    write(fd, "detached", 8);
    SHOW("umount2(MNT_DETACH) while busy", umount2(dir, MNT_DETACH));
    char buf[16] = {0};
    SHOW("pread through the open file", pread(fd, buf, sizeof buf - 1, 0));
    printf("read back: %s\n", buf);
    close(fd);
    SHOW("path shows the file beneath", stat(file, &st) == 0 && st.st_size == 0 ? 0 : -1);

    SHOW("mount for MNT_EXPIRE", mount("none", dir, "tmpfs", 0, NULL));
    SHOW("MNT_EXPIRE first", umount2(dir, MNT_EXPIRE));
    SHOW("MNT_EXPIRE second", umount2(dir, MNT_EXPIRE));

    SHOW("mount unknown type", mount("none", dir, "no-such-fs", 0, NULL));
    SHOW("mount bad option", mount("none", dir, "tmpfs", 0, "bogus=1"));
    SHOW("mount on a file", mount("none", notdir, "tmpfs", 0, NULL));
    SHOW("mount on a missing path", mount("none", "/tmp/ct-mnt-none/x", "tmpfs", 0, NULL));
    pid_t pid = fork_flushed();
    if (pid == 0) {
        setuid(4321);
        SHOW("unprivileged mount", mount("none", dir, "tmpfs", 0, NULL));
        SHOW("unprivileged umount2", umount2("/tmp", 0));
        fflush(stdout);
        _exit(0);
    }
    printf("child: %s\n", describe_status(wait_for(pid)));
    unlink(file);
    unlink(notdir);
    rmdir(dir);
    contract_token();
    return 0;
}
