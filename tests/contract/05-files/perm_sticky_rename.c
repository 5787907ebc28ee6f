/* Contract: the sticky bit and rename's permissions. In a sticky world-writable
 * directory only the owner of a name, the directory's owner or root may unlink or rename
 * it; without the sticky bit anyone with write access may; moving a directory to another
 * parent needs write permission on the directory itself (its ".." changes). Errors:
 * EPERM (sticky), EACCES (no write on the directory moved, or on the target parent). */
#include "contract.h"

#include <fcntl.h>
#include <sys/stat.h>

static char top[64];

static const char* at(const char* name) {
    static char buf[4][160];
    static int n;
    char* b = buf[n++ % 4];
    snprintf(b, 160, "%s/%s", top, name);
    return b;
}

static void make_file(const char* name, unsigned uid) {
    close(open(at(name), O_CREAT | O_WRONLY, 0644));
    chown(at(name), uid, uid);
}

int main(void) {
    unsigned alice = (unsigned)contract_range(3000, 40000), bob = alice + 1;
    snprintf(top, sizeof top, "/tmp/ct-sticky-%08llx", contract_random() & 0xffffffffu);
    mkdir(top, 0755);
    mkdir(at("sticky"), 0);
    chmod(at("sticky"), 01777);
    mkdir(at("plain"), 0);
    chmod(at("plain"), 0777);
    make_file("sticky/alice", alice);
    make_file("sticky/bob", bob);
    make_file("plain/alice", alice);
    mkdir(at("plain/adir"), 0555);
    chown(at("plain/adir"), bob, bob);
    mkdir(at("plain/bdir"), 0755);
    chown(at("plain/bdir"), bob, bob);
    mkdir(at("closed"), 0755);
    pid_t pid = fork_flushed();
    if (pid == 0) {
        setgid(bob);
        setuid(bob);
        SHOW("bob unlinks alice's file in the sticky dir", unlink(at("sticky/alice")));
        SHOW("bob renames alice's file in the sticky dir",
             rename(at("sticky/alice"), at("sticky/mine")));
        SHOW("bob renames his own there", rename(at("sticky/bob"), at("sticky/bob2")));
        SHOW("bob replaces alice's by rename", rename(at("sticky/bob2"), at("sticky/alice")));
        SHOW("bob unlinks alice's file in the plain dir", unlink(at("plain/alice")));
        SHOW("bob moves his 0555 dir to sticky/", rename(at("plain/adir"), at("sticky/adir")));
        SHOW("bob renames it in place", rename(at("plain/adir"), at("plain/adir2")));
        SHOW("bob moves his 0755 dir to sticky/", rename(at("plain/bdir"), at("sticky/bdir")));
        SHOW("bob moves it into a root 0755 dir", rename(at("sticky/bdir"), at("closed/bdir")));
        SHOW("bob rmdirs it", rmdir(at("sticky/bdir")));
        fflush(stdout);
        _exit(0);
    }
    printf("child: %s\n", describe_status(wait_for(pid)));
    struct stat st;
    SHOW("sticky/alice still there", stat(at("sticky/alice"), &st));
    SHOW("root unlinks alice's file", unlink(at("sticky/alice")));
    unlink(at("sticky/bob2"));
    unlink(at("sticky/bob"));
    unlink(at("sticky/mine"));
    rmdir(at("sticky/bdir"));
    rmdir(at("plain/adir"));
    rmdir(at("plain/adir2"));
    rmdir(at("plain/bdir"));
    unlink(at("plain/alice"));
    rmdir(at("sticky"));
    rmdir(at("plain"));
    rmdir(at("closed"));
    rmdir(top);
    contract_token();
    return 0;
}
