/* Contract: execve and permissions. A copy of this program made set-user-ID and owned by
 * uid o runs with effective and saved uid o and the caller's real uid; set-group-ID
 * with group execute sets the effective gid; without execute permission for the caller
 * execve is EACCES, as for a file without any execute bit even for root, and a
 * directory. Errors: EACCES. */
#include "contract.h"

#include <fcntl.h>
#include <sys/stat.h>

int main(int argc, char** argv) {
    if (argc > 1 && strcmp(argv[1], "--ids") == 0) {
        unsigned base = (unsigned)strtoul(argv[2], NULL, 10);
        uid_t r, e, s;
        gid_t gr, ge, gs;
        getresuid(&r, &e, &s);
        getresgid(&gr, &ge, &gs);
        printf("in the copy: uid %u %u %u gid %u %u %u, AT_SECURE %lu\n", r - base, e - base,
               s - base, gr - base, ge - base, gs - base, getauxval(AT_SECURE));
        return 0;
    }
    unsigned base = (unsigned)contract_range(3000, 40000);
    char copy[96], basestr[16];
    snprintf(copy, sizeof copy, "/tmp/ct-suid-%08llx", contract_random() & 0xffffffffu);
    snprintf(basestr, sizeof basestr, "%u", base);
    int in = open(self_path(), O_RDONLY), out = open(copy, O_CREAT | O_WRONLY | O_TRUNC, 0700);
    char buf[65536];
    ssize_t n;
    while ((n = read(in, buf, sizeof buf)) > 0) write(out, buf, (size_t)n);
    close(in);
    close(out);
    char* args[] = {argv[0], "--ids", basestr, NULL};
    struct {
        const char* label;
        int mode;
        unsigned owner, group;
    } cases[] = {
        {"set-user-ID, owner b+1", 04755, base + 1, base + 2},
        {"set-group-ID with g+x, group b+2", 02755, base + 1, base + 2},
        {"both bits", 06755, base + 1, base + 2},
        {"set-group-ID without g+x", 02745, base + 1, base + 2},
        {"no bits", 0755, base + 1, base + 2},
        {"owner-only x, not ours", 04700, base + 1, base + 2},
    };
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; ++i) {
        chown(copy, cases[i].owner, cases[i].group);
        chmod(copy, cases[i].mode);
        printf("-- %s\n", cases[i].label);
        pid_t pid = fork_flushed();
        if (pid == 0) {
            setresgid(base + 5, base + 5, base + 5);
            setresuid(base + 6, base + 6, base + 6);
            execve(copy, args, environ);
            printf("execve: -1 %s\n", errname(errno));
            fflush(stdout);
            _exit(0);
        }
        printf("child: %s\n", describe_status(wait_for(pid)));
    }
    chmod(copy, 0644);
    SHOW("root: execve of a file without x", execve(copy, args, environ));
    SHOW("root: execve of a directory", execve("/tmp", args, environ));
    unlink(copy);
    contract_token();
    return 0;
}
