/* Contract: the raw exit and exit_group system calls end a single-threaded process
 * with their argument's low byte as exit code, without running atexit handlers or
 * flushing stdio. Errors: wait4 with unknown option bits fails with EINVAL. */
#include "contract.h"

static void handler(void) { printf("atexit handler ran\n"); }

int main(void) {
    pid_t pid = fork_flushed();
    if (pid == 0) {
        atexit(handler);
        printf("this unflushed line is lost"); /* no newline: stays in the buffer */
        syscall(SYS_exit_group, 7);
    }
    printf("\nexit_group(7): %s\n", describe_status(wait_for(pid)));

    pid = fork_flushed();
    if (pid == 0) {
        atexit(handler);
        syscall(SYS_exit, 0x1234);
    }
    printf("exit(0x1234): %s\n", describe_status(wait_for(pid)));

    pid = fork_flushed();
    if (pid == 0) {
        atexit(handler);
        exit(3); /* the libc exit does run the handler */
    }
    printf("libc exit(3): %s\n", describe_status(wait_for(pid)));

    pid = fork_flushed();
    if (pid == 0) _exit(0);
    int status;
    SHOW("wait4(options 0x10000000)", wait4(pid, &status, 0x10000000, NULL));
    SHOW("wait4(options -1)", wait4(pid, &status, -1, NULL));
    printf("then reaped: %s\n", describe_status(wait_for(pid)));
    return 0;
}
