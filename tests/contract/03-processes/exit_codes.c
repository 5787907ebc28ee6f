/* Contract: a child's exit code reaches wait4 as status (code & 0xff) << 8: exit(0),
 * exit(1), exit(42), exit(255), exit(256), exit(-1) and exit(128) give 0x0, 0x100,
 * 0x2a00, 0xff00, 0x0, 0xff00 and 0x8000, and so do four codes chosen from the nonce
 * (any int: only the low byte arrives). Errors: wait4 with no children left fails with
 * ECHILD, also with WNOHANG. */
#include "contract.h"

int main(void) {
    int codes[11] = {0, 1, 42, 255, 256, -1, 128};
    for (int i = 7; i < 11; ++i) codes[i] = (int)(unsigned)contract_random();
    for (unsigned i = 0; i < sizeof codes / sizeof codes[0]; ++i) {
        pid_t pid = fork_flushed();
        if (pid == 0) exit(codes[i]);
        int status = -1;
        pid_t got = wait4(pid, &status, 0, NULL);
        printf("exit(%d): wait4 %s, status %#x, WIFEXITED %d, WEXITSTATUS %d\n", codes[i],
               got == pid ? "returns the pid" : "failed", status, WIFEXITED(status),
               WEXITSTATUS(status));
    }
    SHOW("wait4(-1) with no children", wait4(-1, NULL, 0, NULL));
    SHOW("wait4(-1, WNOHANG) with no children", wait4(-1, NULL, WNOHANG, NULL));
    return 0;
}
