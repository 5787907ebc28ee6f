/* Contract: getrlimit and prlimit64 report the limits the process was started with
 * (the runner sets RLIMIT_CORE 0/0, RLIMIT_NOFILE 256/1024, RLIMIT_STACK 8 MiB/8 MiB),
 * for pid 0 and for our own pid alike, and a child inherits them. Errors: EINVAL for
 * an unknown resource, ESRCH for a pid that does not exist (both numbers chosen from the
 * nonce); a token mixes the nonce with the limits read. */
#include "contract.h"
#include <sys/resource.h>

static void show(const char* who) {
    const struct {
        int r;
        const char* name;
    } res[] = {{RLIMIT_CORE, "CORE"}, {RLIMIT_NOFILE, "NOFILE"}, {RLIMIT_STACK, "STACK"}};
    for (int i = 0; i < 3; ++i) {
        struct rlimit a, b;
        syscall(SYS_getrlimit, res[i].r, &a);
        syscall(SYS_prlimit64, getpid(), res[i].r, NULL, &b);
        contract_observe(a.rlim_cur ^ b.rlim_max << 1);
        printf("%s: %s %lu/%lu, prlimit64 agrees: %s\n", who, res[i].name,
               (unsigned long)a.rlim_cur, (unsigned long)a.rlim_max,
               a.rlim_cur == b.rlim_cur && a.rlim_max == b.rlim_max ? "yes" : "no");
    }
}

int main(void) {
    show("parent");
    pid_t pid = fork_flushed();
    if (pid == 0) {
        show("child");
        fflush(stdout);
        _exit(0);
    }
    wait_for(pid);
    struct rlimit rl;
    unsigned resource = (unsigned)contract_range(16, 0xffffffff); /* RLIM_NLIMITS is 16 */
    int nobody = (int)contract_range(1 << 23, 0x7fffffff);        /* PID_MAX_LIMIT is 1 << 22 */
    char label[64];
    snprintf(label, sizeof label, "getrlimit(%u)", resource);
    SHOW(label, syscall(SYS_getrlimit, resource, &rl));
    SHOW("prlimit64(0, 16)", syscall(SYS_prlimit64, 0, 16, NULL, &rl));
    snprintf(label, sizeof label, "prlimit64(%d, NOFILE)", nobody);
    SHOW(label, syscall(SYS_prlimit64, nobody, RLIMIT_NOFILE, NULL, &rl));
    contract_token();
    return 0;
}
