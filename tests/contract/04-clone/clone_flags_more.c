/* Contract: more clone flags. CLONE_SYSVSEM, CLONE_FS|CLONE_FILES, CLONE_UNTRACED and
 * CLONE_DETACHED (ignored) are accepted: the child runs and exits with a code from the
 * nonce. Errors: CLONE_NEWNS with CLONE_FS and CLONE_NEWUSER with CLONE_FS are EINVAL
 * (checked before any privilege), CLONE_PIDFD with CLONE_PARENT_SETTID in clone (they
 * share an argument) EINVAL, CLONE_PIDFD with CLONE_DETACHED EINVAL; clone3 with
 * CLONE_SIGHAND and CLONE_CLEAR_SIGHAND together is EINVAL. */
#include "contract.h"
#include "threads.h"

#ifndef CLONE_PIDFD
#define CLONE_PIDFD 0x1000
#endif
#define CLONE_CLEAR_SIGHAND_3 0x100000000ULL

static int code;
static int exit_code(void* arg) { return code; }

int main(void) {
    code = (int)contract_range(1, 255);
    static const unsigned long ok_flags[] = {CLONE_SYSVSEM, CLONE_FS | CLONE_FILES, CLONE_UNTRACED,
                                             CLONE_DETACHED};
    static const char* const names[] = {"CLONE_SYSVSEM", "CLONE_FS|CLONE_FILES", "CLONE_UNTRACED",
                                        "CLONE_DETACHED"};
    char* stack = mmap(NULL, RAW_STACK, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    for (int i = 0; i < 4; ++i) {
        long pid = raw_clone(ok_flags[i] | CLONE_VM | SIGCHLD, stack + RAW_STACK, NULL, NULL, 0,
                             exit_code, NULL);
        printf("%s (code %d): %s\n", names[i], code,
               pid > 0 ? describe_status(wait_for((pid_t)pid)) : errname((int)-pid));
    }
    SHOW("clone(CLONE_NEWNS|CLONE_FS)",
         syscall(SYS_clone, CLONE_NEWNS | CLONE_FS | SIGCHLD, 0, 0, 0, 0));
    SHOW("clone(CLONE_NEWUSER|CLONE_FS)",
         syscall(SYS_clone, CLONE_NEWUSER | CLONE_FS | SIGCHLD, 0, 0, 0, 0));
    int fd;
    SHOW("clone(CLONE_PIDFD|CLONE_PARENT_SETTID)",
         syscall(SYS_clone, CLONE_PIDFD | CLONE_PARENT_SETTID | SIGCHLD, 0, &fd, 0, 0));
    SHOW("clone(CLONE_PIDFD|CLONE_DETACHED)",
         syscall(SYS_clone, CLONE_PIDFD | CLONE_DETACHED | SIGCHLD, 0, &fd, 0, 0));
    unsigned long long args[11] = {0};
    args[0] = CLONE_SIGHAND | CLONE_VM | CLONE_CLEAR_SIGHAND_3;
    args[4] = SIGCHLD;
    SHOW("clone3(CLONE_SIGHAND|CLONE_CLEAR_SIGHAND)", syscall(SYS_clone3, args, sizeof args));
    contract_token();
    return 0;
}
