/* Contract: a tree of processes — three children with two grandchildren each — where
 * every parent waits for its own children and passes their exit codes up: each level
 * sees exactly its children, in any order, and each status once. The grandchildren's
 * codes (1..126) are chosen from the nonce before the first fork. Errors: a child
 * cannot wait for its sibling or its parent (ECHILD). */
#include "contract.h"

static int codes[3][2];

/* A child's exit code: the sum of its children's, or 253..255 for a wrong wait4. */
static int child(int i) {
    pid_t kids[2];
    for (int j = 0; j < 2; ++j) {
        kids[j] = fork_flushed();
        if (kids[j] == 0) _exit(codes[i][j]);
    }
    int sum = 0;
    for (int j = 0; j < 2; ++j) {
        int st;
        pid_t got = wait4(-1, &st, 0, NULL);
        if (got != kids[0] && got != kids[1]) return 255;
        sum += WEXITSTATUS(st);
    }
    if (wait4(-1, NULL, WNOHANG, NULL) != -1 || errno != ECHILD) return 254;
    if (wait4(getppid(), NULL, WNOHANG, NULL) != -1 || errno != ECHILD) return 253;
    return sum;
}

int main(void) {
    for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 2; ++j) codes[i][j] = (int)contract_range(1, 126);
    pid_t kids[3];
    for (int i = 0; i < 3; ++i) {
        kids[i] = fork_flushed();
        if (kids[i] == 0) _exit(child(i));
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
