/* Contract: lowering a limit with setrlimit/prlimit64 takes effect, reads back, is
 * inherited by a child and survives execve; the old value comes back through
 * prlimit64's old pointer. Errors: EINVAL when the soft limit would exceed the hard
 * one or for an unknown resource. */
#include "contract.h"
#include <sys/resource.h>

int main(int argc, char** argv) {
    struct rlimit rl;
    if (argc > 1 && strcmp(argv[1], "--exec") == 0) {
        getrlimit(RLIMIT_NOFILE, &rl);
        printf("after execve: NOFILE %lu/%lu\n", (unsigned long)rl.rlim_cur,
               (unsigned long)rl.rlim_max);
        return 0;
    }
    rl.rlim_cur = 100;
    rl.rlim_max = 1024;
    SHOW("setrlimit(NOFILE, 100/1024)", setrlimit(RLIMIT_NOFILE, &rl));
    getrlimit(RLIMIT_NOFILE, &rl);
    printf("now: %lu/%lu\n", (unsigned long)rl.rlim_cur, (unsigned long)rl.rlim_max);
    struct rlimit nl = {50, 512}, old;
    SHOW("prlimit64(NOFILE, 50/512, old)", syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, &nl, &old));
    printf("old: %lu/%lu\n", (unsigned long)old.rlim_cur, (unsigned long)old.rlim_max);
    pid_t pid = fork_flushed();
    if (pid == 0) {
        getrlimit(RLIMIT_NOFILE, &rl);
        printf("child: %lu/%lu\n", (unsigned long)rl.rlim_cur, (unsigned long)rl.rlim_max);
        fflush(stdout);
        char* args[] = {argv[0], "--exec", NULL};
        execve(self_path(), args, environ);
        _exit(1);
    }
    wait_for(pid);
    struct rlimit bad = {600, 512};
    SHOW("setrlimit(NOFILE, soft above hard)", setrlimit(RLIMIT_NOFILE, &bad));
    SHOW("prlimit64(NOFILE, soft above hard)",
         syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, &bad, NULL));
    SHOW("prlimit64(99)", syscall(SYS_prlimit64, 0, 99, &nl, NULL));
    getrlimit(RLIMIT_NOFILE, &rl);
    printf("unchanged by the failures: %lu/%lu\n", (unsigned long)rl.rlim_cur,
           (unsigned long)rl.rlim_max);
    return 0;
}
