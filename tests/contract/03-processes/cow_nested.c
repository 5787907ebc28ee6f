/* Contract: copy-on-write across three generations: each process writes its own
 * value after forking the next, each sees the value of its parent at its own fork,
 * and no write leaks up or sideways to a sibling. Errors: the middle child cannot
 * wait for its own parent (ECHILD). */
#include "contract.h"

static volatile int value = 1;

int main(void) {
    pid_t child = fork_flushed();
    if (child == 0) {
        int seen_by_child = value;
        pid_t grandchild = fork_flushed();
        if (grandchild == 0) {
            int seen = value;
            value = 3;
            printf("grandchild: saw %d, wrote %d\n", seen, value);
            fflush(stdout);
            _exit(0);
        }
        wait_for(grandchild);
        value = 2;
        pid_t sibling = fork_flushed();
        if (sibling == 0) {
            printf("second grandchild: saw %d\n", value);
            fflush(stdout);
            _exit(0);
        }
        wait_for(sibling);
        printf("child: saw %d, has %d after its children ran\n", seen_by_child, value);
        SHOW("child: wait4(parent)", wait4(getppid(), NULL, 0, NULL));
        fflush(stdout);
        _exit(0);
    }
    value = 10;
    wait_for(child);
    printf("parent: has %d\n", value);
    return 0;
}
