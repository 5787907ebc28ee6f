/* Contract: set_tid_address returns the caller's tid (in a child, the child's: it
 * exits with a code chosen from the nonce when that holds), and set_robust_list accepts
 * a list head of the right size (24 bytes). Errors: set_robust_list fails with EINVAL
 * for any other size (0, 12, 48 and two more chosen from the nonce). */
#include "contract.h"

int main(void) {
    static int tid_word;
    long r = syscall(SYS_set_tid_address, &tid_word);
    printf("set_tid_address returns the tid: %s\n", r == gettid() ? "yes" : "no");
    int code = (int)contract_range(2, 255);
    pid_t pid = fork_flushed();
    if (pid == 0) {
        long c = syscall(SYS_set_tid_address, &tid_word);
        _exit(c == gettid() && c != r ? code : 1);
    }
    printf("in a child: %s\n", describe_status(wait_for(pid)));
    static struct {
        void* next;
        long offset;
        void* pending;
    } head = {&head, 0, NULL};
    SHOW("set_robust_list(24)", syscall(SYS_set_robust_list, &head, 24));
    size_t sizes[5] = {12, 0, 48, contract_range(1, 23), contract_range(25, 1UL << 40)};
    for (int i = 0; i < 5; ++i) {
        char label[48];
        snprintf(label, sizeof label, "set_robust_list(%zu)", sizes[i]);
        SHOW(label, syscall(SYS_set_robust_list, &head, sizes[i]));
    }
    return 0;
}
