/* Contract: access, faccessat and faccessat2 check with the real ids unless AT_EACCESS.
 * A process with real uid u and effective uid 0 is refused a root-only file by access
 * but allowed by faccessat2(AT_EACCESS), and the reverse for a file only u may read;
 * root's X_OK needs an execute bit somewhere on a file, never on a directory; F_OK only
 * needs the path. Errors: EACCES, ENOENT, EINVAL (bad mode or flags). */
#include "contract.h"

#include <fcntl.h>
#include <sys/stat.h>

#ifndef SYS_faccessat2
#define SYS_faccessat2 439
#endif

int main(void) {
    unsigned u = (unsigned)contract_range(3000, 40000);
    char rootonly[96], mine[96], plain[96], exe[96];
    unsigned tag = (unsigned)(contract_random() & 0xffffffffu);
    snprintf(rootonly, sizeof rootonly, "/tmp/ct-acc-%08x-root", tag);
    snprintf(mine, sizeof mine, "/tmp/ct-acc-%08x-mine", tag);
    snprintf(plain, sizeof plain, "/tmp/ct-acc-%08x-plain", tag);
    snprintf(exe, sizeof exe, "/tmp/ct-acc-%08x-exe", tag);
    close(open(rootonly, O_CREAT | O_WRONLY, 0600));
    close(open(mine, O_CREAT | O_WRONLY, 0400));
    chown(mine, u, u);
    close(open(plain, O_CREAT | O_WRONLY, 0644));
    close(open(exe, O_CREAT | O_WRONLY, 0744));
    SHOW("root: access(plain, X_OK)", access(plain, X_OK));
    SHOW("root: access(exe, X_OK)", access(exe, X_OK));
    SHOW("root: access(/tmp, X_OK)", access("/tmp", X_OK));
    SHOW("root: access(rootonly, R_OK|W_OK)", access(rootonly, R_OK | W_OK));
    SHOW("access(bad mode 8)", syscall(SYS_access, plain, 8));
    SHOW("faccessat2(bad flags)", syscall(SYS_faccessat2, AT_FDCWD, plain, R_OK, 0x4));
    SHOW("access(missing, F_OK)", access("/tmp/ct-acc-missing/none", F_OK));
    pid_t pid = fork_flushed();
    if (pid == 0) {
        setresuid(u, 0, 0);
        SHOW("ruid u, euid 0: access(rootonly, R_OK)", access(rootonly, R_OK));
        SHOW("ruid u, euid 0: faccessat2(rootonly, AT_EACCESS)",
             syscall(SYS_faccessat2, AT_FDCWD, rootonly, R_OK, AT_EACCESS));
        SHOW("ruid u, euid 0: access(mine, R_OK)", access(mine, R_OK));
        SHOW("ruid u, euid 0: access(mine, W_OK)", access(mine, W_OK));
        SHOW("ruid u, euid 0: faccessat(mine, R_OK, 0)", faccessat(AT_FDCWD, mine, R_OK, 0));
        SHOW("ruid u, euid 0: access(rootonly, F_OK)", access(rootonly, F_OK));
        SHOW("ruid u, euid 0: access(exe, X_OK)", access(exe, X_OK));
        fflush(stdout);
        _exit(0);
    }
    printf("child: %s\n", describe_status(wait_for(pid)));
    pid = fork_flushed();
    if (pid == 0) {
        setresuid(0, u, 0);
        SHOW("ruid 0, euid u: access(rootonly, R_OK)", access(rootonly, R_OK));
        SHOW("ruid 0, euid u: faccessat2(rootonly, AT_EACCESS)",
             syscall(SYS_faccessat2, AT_FDCWD, rootonly, R_OK, AT_EACCESS));
        SHOW("ruid 0, euid u: faccessat2(mine, AT_EACCESS)",
             syscall(SYS_faccessat2, AT_FDCWD, mine, R_OK, AT_EACCESS));
        fflush(stdout);
        _exit(0);
    }
    printf("child: %s\n", describe_status(wait_for(pid)));
    unlink(rootonly);
    unlink(mine);
    unlink(plain);
    unlink(exe);
    contract_token();
    return 0;
}
