/* Contract: copy-on-write across three generations: each process writes its own
 * value (chosen from the nonce before the first fork) after forking the next, each sees
 * the value of its parent at its own fork, and no write leaks up or sideways to a
 * sibling. Errors: the middle child cannot wait for its own parent (ECHILD). */
#include "contract.h"

static volatile unsigned value;

int main(void) {
    unsigned mine[4];
    for (int i = 0; i < 4; ++i) mine[i] = (unsigned)contract_range(1, 999999);
    value = mine[0];
    pid_t child = fork_flushed();
    if (child == 0) {
        unsigned seen_by_child = value;
        pid_t grandchild = fork_flushed();
        if (grandchild == 0) {
            unsigned seen = value;
            value = mine[3];
            printf("grandchild: saw %u, wrote %u\n", seen, value);
            fflush(stdout);
            _exit(0);
        }
        wait_for(grandchild);
        value = mine[2];
        pid_t sibling = fork_flushed();
        if (sibling == 0) {
            printf("second grandchild: saw %u\n", value);
            fflush(stdout);
            _exit(0);
        }
        wait_for(sibling);
        printf("child: saw %u, has %u after its children ran\n", seen_by_child, value);
        SHOW("child: wait4(parent)", wait4(getppid(), NULL, 0, NULL));
        fflush(stdout);
        _exit(0);
    }
    value = mine[1];
    wait_for(child);
    printf("parent: has %u\n", value);
    return 0;
}
