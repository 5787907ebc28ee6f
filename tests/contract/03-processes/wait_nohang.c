/* Contract: wait4 with WNOHANG returns 0 while the child still runs and the child's
 * pid once it has exited, with its status (the exit code is chosen from the nonce, and a
 * token mixes the nonce with the results); a child is reaped exactly once. Errors:
 * WNOHANG for a pid that is not our child fails with ECHILD at once. The child runs
 * until the parent lets it go (it waits for a second child, the gate, to disappear,
 * which only the parent makes happen), so the first WNOHANG sees it running however
 * slowly the machine runs: a sleep of the child's was once all that held it. */
#include "contract.h"
#include <time.h>

int main(void) {
    int code = (int)contract_range(0, 255);
    pid_t gate = fork_flushed();
    if (gate == 0) {
        struct timespec second = {1, 0};
        for (;;) nanosleep(&second, NULL); /* pause() comes with lab 04 */
    }
    pid_t pid = fork_flushed();
    if (pid == 0) {
        struct timespec ts = {0, 5 * 1000 * 1000};
        while (kill(gate, 0) == 0) nanosleep(&ts, NULL); /* a zombie gate still counts */
        _exit(code);
    }
    int status = 0x5555;
    SHOW("wait4(child, WNOHANG) while it runs", wait4(pid, &status, WNOHANG, NULL));
    printf("status untouched: %s\n", status == 0x5555 ? "yes" : "no");
    kill(gate, SIGKILL);
    printf("gate: %s\n", describe_status(wait_for(gate)));
    /* The polls below are paced by nanosleep. Without a working nanosleep, whether the
     * child is gone by the first poll or the thousandth would depend on the machine's
     * load, so the program says whether nanosleep works before it polls (the first poll
     * often finds the child gone already, and would not say). */
    struct timespec pace = {0, 10 * 1000 * 1000};
    SHOW("nanosleep(10 ms) before polling", nanosleep(&pace, NULL));
    pid_t got;
    int polls = 0;
    do {
        got = wait4(pid, &status, WNOHANG, NULL);
        if (got == 0) {
            struct timespec ts = {0, 10 * 1000 * 1000};
            nanosleep(&ts, NULL);
            ++polls;
        }
    } while (got == 0 && polls < 1000);
    printf("later: returns the pid: %s, status %#x\n", got == pid ? "yes" : "no", status);
    SHOW("wait4(child, WNOHANG) again", wait4(pid, &status, WNOHANG, NULL));
    SHOW("wait4(parent, WNOHANG)", wait4(getppid(), &status, WNOHANG, NULL));
    SHOW("wait4(-1, WNOHANG)", wait4(-1, &status, WNOHANG, NULL));
    contract_token();
    return 0;
}
