/* Contract: lowering a limit with setrlimit/prlimit64 takes effect, reads back, is
 * inherited by a child and survives execve; the old value comes back through
 * prlimit64's old pointer. The limits (RLIMIT_NOFILE, soft 16..1024 below hard 64..1024)
 * come from the nonce. Errors: EINVAL when the soft limit would exceed the hard one or
 * for an unknown resource (a number from the nonce). */
#include "contract.h"
#include <sys/resource.h>

static void show_limit(const char* who) {
    struct rlimit rl;
    getrlimit(RLIMIT_NOFILE, &rl);
    printf("%s: NOFILE %lu/%lu\n", who, (unsigned long)rl.rlim_cur, (unsigned long)rl.rlim_max);
}

int main(int argc, char** argv) {
    if (argc > 1 && strcmp(argv[1], "--exec") == 0) {
        show_limit("after execve");
        return 0;
    }
    struct rlimit rl, old;
    rl.rlim_max = contract_range(128, 1024);
    rl.rlim_cur = contract_range(32, rl.rlim_max);
    char label[96];
    snprintf(label, sizeof label, "setrlimit(NOFILE, %lu/%lu)", (unsigned long)rl.rlim_cur,
             (unsigned long)rl.rlim_max);
    SHOW(label, setrlimit(RLIMIT_NOFILE, &rl));
    show_limit("now");
    struct rlimit nl;
    nl.rlim_max = contract_range(64, rl.rlim_max);
    nl.rlim_cur = contract_range(16, nl.rlim_max);
    snprintf(label, sizeof label, "prlimit64(NOFILE, %lu/%lu, old)", (unsigned long)nl.rlim_cur,
             (unsigned long)nl.rlim_max);
    SHOW(label, syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, &nl, &old));
    printf("old: %lu/%lu\n", (unsigned long)old.rlim_cur, (unsigned long)old.rlim_max);
    pid_t pid = fork_flushed();
    if (pid == 0) {
        show_limit("child");
        fflush(stdout);
        char* args[] = {argv[0], "--exec", NULL};
        execve(self_path(), args, environ);
        _exit(1);
    }
    wait_for(pid);
    struct rlimit bad = {nl.rlim_max + contract_range(1, 1000), nl.rlim_max};
    SHOW("setrlimit(NOFILE, soft above hard)", setrlimit(RLIMIT_NOFILE, &bad));
    SHOW("prlimit64(NOFILE, soft above hard)",
         syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, &bad, NULL));
    unsigned resource = (unsigned)contract_range(16, 0x7fffffff); /* RLIM_NLIMITS is 16 */
    snprintf(label, sizeof label, "prlimit64(resource %u)", resource);
    SHOW(label, syscall(SYS_prlimit64, 0, resource, &nl, NULL));
    show_limit("unchanged by the failures");
    return 0;
}
