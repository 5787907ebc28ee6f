/* Contract: the raw exit and exit_group system calls end a single-threaded process
 * with their argument's low byte as exit code, without running atexit handlers or
 * flushing stdio; the libc's exit runs them. The three codes are chosen from the nonce
 * (any int), so the low byte seen through wait4 is the kernel's doing. Errors: wait4
 * with unknown option bits (0x10000000, -1) fails with EINVAL and leaves the child to be
 * reaped. */
#include "contract.h"

static void handler(void) { printf("atexit handler ran\n"); }

int main(void) {
    int group_code = (int)(unsigned)contract_random();
    int exit_code = (int)(unsigned)contract_random();
    int libc_code = (int)contract_range(0, 255);

    pid_t pid = fork_flushed();
    if (pid == 0) {
        atexit(handler);
        printf("this unflushed line is lost"); /* no newline: stays in the buffer */
        syscall(SYS_exit_group, group_code);
    }
    printf("\nexit_group(%d): %s\n", group_code, describe_status(wait_for(pid)));

    pid = fork_flushed();
    if (pid == 0) {
        atexit(handler);
        syscall(SYS_exit, exit_code);
    }
    printf("exit(%d): %s\n", exit_code, describe_status(wait_for(pid)));

    pid = fork_flushed();
    if (pid == 0) {
        atexit(handler);
        exit(libc_code); /* the libc exit does run the handler */
    }
    printf("libc exit(%d): %s\n", libc_code, describe_status(wait_for(pid)));

    pid = fork_flushed();
    if (pid == 0) _exit(0);
    int status;
    SHOW("wait4(options 0x10000000)", wait4(pid, &status, 0x10000000, NULL));
    SHOW("wait4(options -1)", wait4(pid, &status, -1, NULL));
    printf("then reaped: %s\n", describe_status(wait_for(pid)));
    return 0;
}
