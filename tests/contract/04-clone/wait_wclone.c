/* Contract: seed bug, wait4 and __WCLONE. A child whose exit signal is not SIGCHLD
 * (here SIGUSR2, blocked, or none) is a "clone" child: plain wait4 does not see it
 * (ECHILD when it is the only child, 0 with WNOHANG when others are around), __WCLONE
 * sees only such children, __WALL sees both kinds. Each child exits with a code from
 * the nonce, which the wait that finds it reports. */
#include "contract.h"
#include "threads.h"

static int exit_with(void* arg) { return (int)(long)arg; }

static long start(struct raw_thread* t, int exit_signal, int code) {
    return raw_start(t, CLONE_VM | (unsigned)exit_signal, exit_with, (void*)(long)code);
}

static void reap(const char* label, pid_t pid, int options) {
    int st = 0;
    errno = 0;
    pid_t r = wait4(pid, &st, options, NULL);
    contract_observe((unsigned)st);
    if (r == -1) printf("%s: -1 %s\n", label, errname(errno));
    else if (r == 0) printf("%s: 0 (none yet)\n", label);
    else
        printf("%s: %s, %s\n", label, r == pid || pid == -1 ? "found" : "other",
               describe_status(st));
}

int main(void) {
    sigset_t usr2;
    sigemptyset(&usr2);
    sigaddset(&usr2, SIGUSR2);
    sigprocmask(SIG_BLOCK, &usr2, NULL);
    struct raw_thread a, b, c;
    int ca = (int)contract_range(1, 255), cb = (int)contract_range(1, 255),
        cc = (int)contract_range(1, 255);

    pid_t pa = (pid_t)start(&a, SIGUSR2, ca);
    reap("wait4(clone child, 0)", pa, 0);
    reap("wait4(-1, 0) with only a clone child", -1, 0);
    printf("clone child's code %d\n", ca);
    reap("wait4(clone child, __WCLONE)", pa, __WCLONE);

    pid_t pb = (pid_t)start(&b, 0, cb);
    pid_t pc = (pid_t)start(&c, SIGCHLD, cc);
    printf("codes %d and %d\n", cb, cc);
    reap("wait4(SIGCHLD child, __WCLONE)", pc, __WCLONE | WNOHANG);
    reap("wait4(no-signal child, __WALL)", pb, __WALL);
    reap("wait4(-1, __WCLONE) with only a SIGCHLD child", -1, __WCLONE);
    reap("wait4(SIGCHLD child, __WALL)", pc, __WALL);
    reap("wait4(-1, __WALL) with none", -1, __WALL);
    munmap(a.stack, RAW_STACK);
    munmap(b.stack, RAW_STACK);
    munmap(c.stack, RAW_STACK);
    sigset_t pending;
    sigpending(&pending);
    printf("SIGUSR2 pending from the clone child's exit: %s\n",
           sigismember(&pending, SIGUSR2) ? "yes" : "no");
    contract_token();
    return 0;
}
