/* Contract: a tree of processes — three children with two grandchildren each — where
 * every parent waits for its own children and passes their exit codes up: each level
 * sees exactly its children, in any order, and each status once. Errors: a child
 * cannot wait for its sibling or its parent (ECHILD). */
#include "contract.h"

static int child(int i) {
    pid_t kids[2];
    for (int j = 0; j < 2; ++j) {
        kids[j] = fork_flushed();
        if (kids[j] == 0) _exit(10 * i + j + 1);
    }
    int sum = 0;
    for (int j = 0; j < 2; ++j) {
        int st;
        pid_t got = wait4(-1, &st, 0, NULL);
        if (got != kids[0] && got != kids[1]) return 100;
        sum += WEXITSTATUS(st);
    }
    if (wait4(-1, NULL, WNOHANG, NULL) != -1 || errno != ECHILD) return 101;
    if (wait4(getppid(), NULL, WNOHANG, NULL) != -1 || errno != ECHILD) return 102;
    return sum;
}

int main(void) {
    pid_t kids[3];
    for (int i = 0; i < 3; ++i) {
        kids[i] = fork_flushed();
        if (kids[i] == 0) _exit(child(i + 1));
    }
    int seen[3] = {0, 0, 0};
    for (int n = 0; n < 3; ++n) {
        int st;
        pid_t got = wait4(-1, &st, 0, NULL);
        for (int i = 0; i < 3; ++i)
            if (got == kids[i]) seen[i] = WIFEXITED(st) ? WEXITSTATUS(st) : -WTERMSIG(st);
    }
    for (int i = 0; i < 3; ++i)
        printf("child %d: grandchildren's codes sum to %d\n", i + 1, seen[i]);
    SHOW("wait4(-1) after all", wait4(-1, NULL, 0, NULL));
    return 0;
}
