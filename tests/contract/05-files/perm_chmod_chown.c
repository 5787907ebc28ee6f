/* Contract: chmod and chown permissions. Only the owner (or root) changes a mode; a
 * non-member owner's chmod drops set-group-ID; the owner may give the file to one of its
 * groups but not to another user or a foreign group; root may do both, and a chown
 * clears set-user-ID (and set-group-ID with group execute) of a regular file; utimensat
 * to "now" needs write permission, explicit times need ownership. Errors: EPERM, EACCES. */
#include "contract.h"

#include <fcntl.h>
#include <grp.h>
#include <sys/stat.h>

int main(void) {
    unsigned me = (unsigned)contract_range(3000, 40000), grp = me + 10, sup = me + 20;
    char p[96], q[96];
    unsigned tag = (unsigned)(contract_random() & 0xffffffffu);
    snprintf(p, sizeof p, "/tmp/ct-chown-%08x", tag);
    snprintf(q, sizeof q, "/tmp/ct-chown-%08x-root", tag);
    close(open(p, O_CREAT | O_WRONLY, 0644));
    close(open(q, O_CREAT | O_WRONLY, 0666));
    chown(p, me, grp);
    struct stat st;
    pid_t pid = fork_flushed();
    if (pid == 0) {
        gid_t g[1] = {sup};
        setgroups(1, g);
        setgid(grp);
        setuid(me);
        SHOW("chmod own file 0640", chmod(p, 0640));
        SHOW("chmod own file 02755 (group is mine)", chmod(p, 02755));
        stat(p, &st);
        printf("mode now %o\n", st.st_mode & 07777);
        SHOW("chown own file to me+5", chown(p, me + 5, -1));
        SHOW("chown own file to the supplementary group", chown(p, -1, sup));
        stat(p, &st);
        printf("group is sup: %s, mode now %o\n", st.st_gid == sup ? "yes" : "no",
               st.st_mode & 07777);
        SHOW("chown own file to a foreign group", chown(p, -1, me + 77));
        SHOW("chown own file to myself, same group", chown(p, me, -1));
        SHOW("chmod root's file", chmod(q, 0600));
        SHOW("chown root's file to me", chown(q, me, -1));
        SHOW("utimensat(now) on root's 0666 file", utimensat(AT_FDCWD, q, NULL, 0));
        struct timespec t[2] = {{1000, 0}, {2000, 0}};
        SHOW("utimensat(explicit) on root's file", utimensat(AT_FDCWD, q, t, 0));
        SHOW("utimensat(explicit) on mine", utimensat(AT_FDCWD, p, t, 0));
        chmod(q, 0600);
        fflush(stdout);
        _exit(0);
    }
    printf("child: %s\n", describe_status(wait_for(pid)));
    chmod(q, 0644);
    chown(p, me, me + 77);
    pid = fork_flushed();
    if (pid == 0) {
        setgid(grp);
        setuid(me);
        SHOW("chmod 02755 of my file in a group I am not in", chmod(p, 02755));
        stat(p, &st);
        printf("mode now %o\n", st.st_mode & 07777);
        SHOW("utimensat(now) on root's 0644 file", utimensat(AT_FDCWD, q, NULL, 0));
        fflush(stdout);
        _exit(0);
    }
    printf("child: %s\n", describe_status(wait_for(pid)));
    SHOW("root: chmod 06755", chmod(p, 06755));
    SHOW("root: chown to me+3", chown(p, me + 3, me + 3));
    stat(p, &st);
    printf("after root's chown: mode %o, uid is me+3: %s\n", st.st_mode & 07777,
           st.st_uid == me + 3 ? "yes" : "no");
    chmod(p, 02745);
    SHOW("root: chown again (setgid without group x)", chown(p, -1, me + 4));
    stat(p, &st);
    printf("mode %o\n", st.st_mode & 07777);
    stat(q, &st);
    printf("root's file mtime: %lld\n", (long long)st.st_mtime == 2000 ? 2000LL : -1LL);
    unlink(p);
    unlink(q);
    contract_token();
    return 0;
}
