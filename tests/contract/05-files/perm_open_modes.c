/* Contract: open's permission checks for an unprivileged uid. The owner's bits apply to
 * the owner even when the group's or others' would allow more, the group's to a member
 * (the primary group or a supplementary one), the others' to the rest; O_TRUNC needs
 * write permission; a file created with mode 0 opens read-write for its creator; root
 * reads and writes anything. Errors: EACCES for each class denied. */
#include "contract.h"

#include <fcntl.h>
#include <grp.h>
#include <sys/stat.h>

static char dir[64];

static void make(const char* name, int mode, unsigned uid, unsigned gid) {
    char p[128];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    int fd = open(p, O_CREAT | O_WRONLY, 0600);
    write(fd, "data", 4);
    close(fd);
    chown(p, uid, gid);
    chmod(p, mode);
}

static void try_open(const char* name, int flags, const char* how) {
    char p[128], label[160];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    snprintf(label, sizeof label, "open(%s, %s)", name, how);
    int fd;
    SHOW_OK(label, fd = open(p, flags));
    if (fd >= 0) close(fd);
}

int main(void) {
    unsigned me = (unsigned)contract_range(3000, 40000), other = me + 1;
    unsigned grp = me + 100, sup = me + 200;
    snprintf(dir, sizeof dir, "/tmp/ct-perm-%08llx", contract_random() & 0xffffffffu);
    mkdir(dir, 0755);
    make("owner-none", 0077, me, grp);  // owner denied although others may
    make("owner-read", 0400, me, grp);
    make("group-rw", 0060, other, grp);      // through the primary group
    make("sup-read", 0040, other, sup);      // through a supplementary group
    make("other-none", 0660, other, other);  // neither owner nor group
    make("other-w", 0002, other, other);
    pid_t pid = fork_flushed();
    if (pid == 0) {
        gid_t g[1] = {sup};
        setgroups(1, g);
        setgid(grp);
        setuid(me);
        try_open("owner-none", O_RDONLY, "O_RDONLY");
        try_open("owner-read", O_RDONLY, "O_RDONLY");
        try_open("owner-read", O_WRONLY, "O_WRONLY");
        try_open("owner-read", O_RDONLY | O_TRUNC, "O_RDONLY|O_TRUNC");
        try_open("group-rw", O_RDWR, "O_RDWR");
        try_open("sup-read", O_RDONLY, "O_RDONLY");
        try_open("sup-read", O_RDWR, "O_RDWR");
        try_open("other-none", O_RDONLY, "O_RDONLY");
        try_open("other-w", O_WRONLY, "O_WRONLY");
        try_open("other-w", O_RDONLY, "O_RDONLY");
        char p[128];
        snprintf(p, sizeof p, "%s/new", dir);
        SHOW("creat in a 0755 root directory", open(p, O_CREAT | O_WRONLY, 0644));
        fflush(stdout);
        _exit(0);
    }
    printf("child: %s\n", describe_status(wait_for(pid)));
    char p[128];
    snprintf(p, sizeof p, "%s/mine", dir);
    chmod(dir, 0777);
    pid = fork_flushed();
    if (pid == 0) {
        setgid(grp);
        setuid(me);
        int fd;
        SHOW_OK("create mode 0 with O_RDWR", fd = open(p, O_CREAT | O_RDWR, 0));
        SHOW("write to it", write(fd, "x", 1));
        close(fd);
        SHOW("reopen it O_RDONLY", open(p, O_RDONLY));
        struct stat st;
        stat(p, &st);
        printf("owner is me: %s, group is mine: %s, mode %o\n", st.st_uid == me ? "yes" : "no",
               st.st_gid == grp ? "yes" : "no", st.st_mode & 07777);
        fflush(stdout);
        _exit(0);
    }
    printf("child: %s\n", describe_status(wait_for(pid)));
    SHOW_OK("root opens the mode-0 file O_RDWR", open(p, O_RDWR));
    snprintf(p, sizeof p, "%s/owner-none", dir);
    SHOW_OK("root opens owner-none O_RDWR", open(p, O_RDWR));
    const char* names[] = {"owner-none", "owner-read", "group-rw", "sup-read",
                           "other-none", "other-w",    "mine"};
    for (unsigned i = 0; i < 7; ++i) {
        snprintf(p, sizeof p, "%s/%s", dir, names[i]);
        unlink(p);
    }
    rmdir(dir);
    contract_token();
    return 0;
}
