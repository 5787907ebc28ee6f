/* Contract: set_tid_address returns the caller's tid (in a child, the child's), and
 * set_robust_list accepts a list head of the right size (24 bytes). Errors:
 * set_robust_list fails with EINVAL for any other size. */
#include "contract.h"

int main(void) {
    static int tid_word;
    long r = syscall(SYS_set_tid_address, &tid_word);
    printf("set_tid_address returns the tid: %s\n", r == gettid() ? "yes" : "no");
    pid_t pid = fork_flushed();
    if (pid == 0) {
        long c = syscall(SYS_set_tid_address, &tid_word);
        _exit(c == gettid() && c != r ? 0 : 1);
    }
    printf("in a child: %s\n", describe_status(wait_for(pid)));
    static struct {
        void* next;
        long offset;
        void* pending;
    } head = {&head, 0, NULL};
    SHOW("set_robust_list(24)", syscall(SYS_set_robust_list, &head, 24));
    SHOW("set_robust_list(12)", syscall(SYS_set_robust_list, &head, 12));
    SHOW("set_robust_list(0)", syscall(SYS_set_robust_list, &head, 0));
    SHOW("set_robust_list(48)", syscall(SYS_set_robust_list, &head, 48));
    return 0;
}
