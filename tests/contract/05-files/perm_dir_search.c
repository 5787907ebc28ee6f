/* Contract: directories' permissions for an unprivileged uid. Every directory a path
 * passes needs search (x): without it stat, open and chdir below it fail, even with read
 * permission; with x alone a known name opens but the directory cannot be listed;
 * creating or removing a name needs write and search on its directory; root passes a
 * directory without x. Errors: EACCES (search, listing, create, unlink), ENOENT. */
#include "contract.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>

int main(void) {
    unsigned me = (unsigned)contract_range(3000, 40000);
    char top[64], sub[96], file[128], p[160];
    snprintf(top, sizeof top, "/tmp/ct-dirs-%08llx", contract_random() & 0xffffffffu);
    snprintf(sub, sizeof sub, "%s/sub", top);
    snprintf(file, sizeof file, "%s/f", sub);
    mkdir(top, 0777);
    chmod(top, 0777);
    mkdir(sub, 0700);
    close(open(file, O_CREAT | O_WRONLY, 0666));
    chown(sub, me, me);
    struct stat st;
    const char* modes_label[] = {"0600 (rw, no x)", "0100 (x only)", "0500 (r-x)", "0300 (wx)"};
    int modes[] = {0600, 0100, 0500, 0300};
    for (int i = 0; i < 4; ++i) {
        chmod(sub, modes[i]);
        printf("-- sub is %s\n", modes_label[i]);
        pid_t pid = fork_flushed();
        if (pid == 0) {
            setgid(me);
            setuid(me);
            SHOW("stat(sub/f)", stat(file, &st));
            SHOW_OK("open(sub/f)", open(file, O_RDONLY));
            SHOW_OK("open(sub, O_DIRECTORY)", open(sub, O_RDONLY | O_DIRECTORY));
            snprintf(p, sizeof p, "%s/new", sub);
            int c;
            SHOW_OK("creat(sub/new)", c = open(p, O_CREAT | O_WRONLY, 0600));
            if (c >= 0) SHOW("unlink(sub/new)", unlink(p));
            SHOW("chdir(sub)", chdir(sub));
            fflush(stdout);
            _exit(0);
        }
        printf("child: %s\n", describe_status(wait_for(pid)));
    }
    chmod(sub, 0);
    SHOW("root: stat(sub/f) through a mode-0 directory", stat(file, &st));
    SHOW_OK("root: open(sub) mode 0", open(sub, O_RDONLY | O_DIRECTORY));
    chmod(sub, 0700);
    unlink(file);
    rmdir(sub);
    rmdir(top);
    contract_token();
    return 0;
}
