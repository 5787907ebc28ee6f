/* Contract: the default action of each signal, with no handler installed: SIGUSR1,
 * SIGUSR2, SIGALRM, SIGPIPE terminate; SIGCHLD, SIGURG and SIGWINCH are ignored (the
 * child goes on and exits normally, with a code chosen from the nonce that its parent
 * sees); SIGCONT continues (nothing to continue here); signal 0 only checks that the
 * target exists. Errors: ESRCH once the target is gone. */
#include "contract.h"

int main(void) {
    const int sigs[] = {SIGUSR1, SIGUSR2, SIGALRM, SIGPIPE, SIGCHLD, SIGURG, SIGWINCH, SIGCONT, 0};
    for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; ++i) {
        int code = (int)contract_range(2, 255);
        pid_t pid = fork_flushed();
        if (pid == 0) {
            int r = kill(getpid(), sigs[i]);
            _exit(r == 0 ? code : 1);
        }
        printf("%s to itself: %s\n", signame(sigs[i]), describe_status(wait_for(pid)));
    }
    pid_t pid = fork_flushed();
    if (pid == 0) _exit(0);
    wait_for(pid);
    SHOW("kill(gone, 0)", kill(pid, 0));
    SHOW("kill(gone, SIGKILL)", kill(pid, SIGKILL));
    return 0;
}
