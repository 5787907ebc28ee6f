/* Contract: wait4 writes the status and rusage through the user copy. Success: a NULL
 * status or rusage pointer is allowed. Errors: an unmapped status or rusage pointer
 * gives EFAULT, and the child has been reaped all the same (a second wait4 finds no
 * child: ECHILD). The children's exit codes are chosen from the nonce: the one whose
 * status is written shows it, and a token mixes the nonce with the results. */
#include "contract.h"
#include <sys/resource.h>

int main(void) {
    int code[5];
    for (int i = 0; i < 5; ++i) code[i] = (int)contract_range(0, 255);
    pid_t pid = fork_flushed();
    if (pid == 0) _exit(code[0]);
    SHOW_OK("wait4(status NULL, rusage NULL)", wait4(pid, NULL, 0, NULL));

    struct rusage ru;
    pid = fork_flushed();
    if (pid == 0) _exit(code[1]);
    int st = 0;
    SHOW_OK("wait4(with rusage)", wait4(pid, &st, 0, &ru));
    printf("status: %s\n", describe_status(st));

    pid = fork_flushed();
    if (pid == 0) _exit(code[2]);
    SHOW("wait4(status unmapped)", syscall(SYS_wait4, pid, before_hole(0), 0, NULL));
    SHOW("wait4(same child again)", wait4(pid, NULL, 0, NULL));

    pid = fork_flushed();
    if (pid == 0) _exit(code[3]);
    SHOW("wait4(status in the kernel)", syscall(SYS_wait4, pid, KERNEL_ADDR, 0, NULL));
    SHOW("wait4(same child again)", wait4(pid, NULL, 0, NULL));

    pid = fork_flushed();
    if (pid == 0) _exit(code[4]);
    SHOW("wait4(rusage unmapped)", syscall(SYS_wait4, pid, &st, 0, before_hole(8)));
    SHOW("wait4(same child again)", wait4(pid, NULL, 0, NULL));
    contract_token();
    return 0;
}
