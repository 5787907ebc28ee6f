/* Contract: 200 forks one after the other, then 32 children alive at once, all reaped
 * with the right codes: process slots and memory are given back on exit. The codes come
 * from the nonce: the sequential children exit with (i + k) & 0xff, the concurrent ones
 * fill 64 KiB of stack with a byte their parent chose for them before fork and exit
 * with what they read back from it. Errors: once every child is reaped wait4 fails with
 * ECHILD. */
#include "contract.h"

int main(void) {
    unsigned k = (unsigned)contract_range(0, 255);
    int sum = 0, bad = 0;
    for (int i = 0; i < 200; ++i) {
        pid_t pid = fork_flushed();
        if (pid == 0) _exit((int)((i + k) & 0xff));
        int st = wait_for(pid);
        if (!WIFEXITED(st) || WEXITSTATUS(st) != (int)((i + k) & 0xff)) ++bad;
        sum += WEXITSTATUS(st);
    }
    printf("sequential: sum %d, wrong %d\n", sum, bad);

    unsigned char bytes[32];
    for (int i = 0; i < 32; ++i) bytes[i] = (unsigned char)contract_range(0, 255);
    pid_t kids[32];
    for (int i = 0; i < 32; ++i) {
        kids[i] = fork_flushed();
        if (kids[i] == 0) {
            volatile unsigned char big[64 * 1024];
            for (unsigned j = 0; j < sizeof big; j += 4096) big[j] = bytes[i];
            _exit(big[4096 * (1 + i % 15)]);
        }
    }
    sum = bad = 0;
    for (int i = 31; i >= 0; --i) {
        int st = wait_for(kids[i]);
        if (!WIFEXITED(st) || WEXITSTATUS(st) != bytes[i]) ++bad;
        sum += WEXITSTATUS(st);
    }
    printf("concurrent: sum %d, wrong %d\n", sum, bad);
    SHOW("wait4(-1) after all", wait4(-1, NULL, 0, NULL));
    return 0;
}
