/* Contract: CLONE_PARENT gives the new process the caller's parent: a child makes a
 * grandchild with CLONE_PARENT and exits; the grandchild's getppid is the original
 * process, which reaps both (the grandchild's exit code, from the nonce, comes through
 * its own wait4), and the child cannot wait for it (ECHILD). */
#include "contract.h"
#include "threads.h"

int main(void) {
    volatile long* shared =
        mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    int code = (int)contract_range(1, 255);
    long me = getpid();
    pid_t child = fork_flushed();
    if (child == 0) {
        long g = syscall(SYS_clone, CLONE_PARENT | SIGCHLD, 0, 0, 0, 0);
        if (g == 0) {
            flag_wait((volatile int*)&shared[2], 1);
            shared[1] = getppid() == me;
            _exit(code);
        }
        shared[0] = g;
        int st;
        shared[3] = wait4((pid_t)g, &st, WNOHANG, NULL) == -1 && errno == ECHILD;
        flag_set((volatile int*)&shared[2], 1);
        _exit(0);
    }
    printf("child: %s\n", describe_status(wait_for(child)));
    printf("child's wait4(grandchild): %s\n", shared[3] ? "ECHILD" : "other");
    printf("grandchild: %s\n", describe_status(wait_for((pid_t)shared[0])));
    printf("grandchild's parent is the caller: %s\n", shared[1] ? "yes" : "no");
    int st;
    SHOW("wait4(-1) then", wait4(-1, &st, 0, NULL));
    contract_token();
    return 0;
}
