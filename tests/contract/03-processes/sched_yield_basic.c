/* Contract: sched_yield always succeeds (returns 0), alone and while other processes
 * compete for the CPUs: four children that yield a number of times chosen from the nonce
 * (1000..3000) while counting all finish with their counts (modulo 251, through wait4).
 * Errors: sched_yield has none; waiting for a fifth child that does not exist fails with
 * ECHILD. */
#include "contract.h"
#include <sched.h>

int main(void) {
    int fails = 0;
    for (int i = 0; i < 1000; ++i) fails += sched_yield() != 0;
    printf("1000 sched_yield alone: %d failed\n", fails);
    pid_t kids[4];
    for (int k = 0; k < 4; ++k) {
        int rounds = (int)contract_range(1000, 3000);
        kids[k] = fork_flushed();
        if (kids[k] == 0) {
            volatile unsigned count = 0;
            int bad = 0;
            for (int i = 0; i < rounds; ++i) {
                bad |= syscall(SYS_sched_yield) != 0;
                ++count;
            }
            _exit(bad ? 255 : (int)(count % 251));
        }
    }
    for (int k = 0; k < 4; ++k) printf("child %d: %s\n", k, describe_status(wait_for(kids[k])));
    SHOW("wait4(-1) after all", wait4(-1, NULL, 0, NULL));
    return 0;
}
