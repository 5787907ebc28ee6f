/* Contract: rt_sigaction flags. SA_RESETHAND: the second signal takes the default action
 * (the process dies by it); SA_NODEFER: a handler that raises its own signal runs nested
 * (depth 2), without it the second one waits until the handler returns; sa_mask is
 * blocked while the handler runs and unblocked after; SA_SIGINFO gives si_signo, si_code
 * SI_TKILL and the sender's pid. Errors: SIGKILL and SIGSTOP, signal 0 and 65, and a
 * sigsetsize other than 8 are EINVAL. The signals are chosen from the nonce. */
#include "contract.h"
#include <limits.h>

static volatile int depth, max_depth, calls, mask_had_other, other_sig;
static volatile int info_signo, info_code, info_pid_ok;

static void nesting(int sig) {
    ++calls;
    if (++depth > max_depth) max_depth = depth;
    if (calls == 1) raise(sig);
    sigset_t now;
    sigprocmask(SIG_BLOCK, NULL, &now);
    if (sigismember(&now, other_sig)) mask_had_other = 1;
    --depth;
}

static void with_info(int sig, siginfo_t* si, void* uc) {
    info_signo = si->si_signo;
    info_code = si->si_code;
    info_pid_ok = si->si_pid == getpid();
}

int main(void) {
    static const int sigs[] = {SIGUSR1, SIGUSR2, SIGHUP, SIGWINCH, SIGURG};
    int sig = sigs[contract_range(0, 4)];
    other_sig = sig == SIGTERM ? SIGINT : SIGTERM;
    for (int nodefer = 0; nodefer < 2; ++nodefer) {
        struct sigaction sa = {0};
        sa.sa_handler = nesting;
        sa.sa_flags = nodefer ? SA_NODEFER : 0;
        sigemptyset(&sa.sa_mask);
        sigaddset(&sa.sa_mask, other_sig);
        sigaction(sig, &sa, NULL);
        depth = max_depth = calls = mask_had_other = 0;
        raise(sig);
        sigset_t now;
        sigprocmask(SIG_BLOCK, NULL, &now);
        printf("%s%s: calls %d, deepest %d, sa_mask blocked inside: %s, after: %s\n", signame(sig),
               nodefer ? " SA_NODEFER" : "", calls, max_depth, mask_had_other ? "yes" : "no",
               sigismember(&now, other_sig) ? "blocked" : "unblocked");
    }
    pid_t pid = fork_flushed();
    if (pid == 0) {
        struct sigaction sa = {0};
        sa.sa_handler = nesting;
        sa.sa_flags = SA_RESETHAND;
        sigaction(sig, &sa, NULL);
        calls = 1; /* no nested raise */
        raise(sig);
        struct sigaction now;
        sigaction(sig, NULL, &now);
        if (now.sa_handler != SIG_DFL) _exit(3);
        raise(sig);
        _exit(4);
    }
    printf("SA_RESETHAND, raised twice: %s\n", describe_status(wait_for(pid)));
    struct sigaction sa = {0};
    sa.sa_sigaction = with_info;
    sa.sa_flags = SA_SIGINFO;
    sigaction(sig, &sa, NULL);
    syscall(SYS_tgkill, getpid(), gettid(), sig);
    printf("SA_SIGINFO: signo %s, code %s, pid is the sender: %s\n", signame(info_signo),
           info_code == SI_TKILL ? "SI_TKILL" : "other", info_pid_ok ? "yes" : "no");
    struct sigaction old;
    sigaction(sig, NULL, &old);
    printf("flags read back: SA_SIGINFO %s\n", old.sa_flags & SA_SIGINFO ? "yes" : "no");
    char k[16] = {0};
    SHOW("rt_sigaction(SIGKILL)", syscall(SYS_rt_sigaction, SIGKILL, k, NULL, 8));
    SHOW("rt_sigaction(SIGSTOP)", syscall(SYS_rt_sigaction, SIGSTOP, k, NULL, 8));
    SHOW("rt_sigaction(SIGKILL, query only)", syscall(SYS_rt_sigaction, SIGKILL, NULL, k, 8));
    SHOW("rt_sigaction(0)", syscall(SYS_rt_sigaction, 0, NULL, k, 8));
    SHOW("rt_sigaction(65)", syscall(SYS_rt_sigaction, 65, NULL, k, 8));
    SHOW("rt_sigaction(sigsetsize 4)", syscall(SYS_rt_sigaction, sig, NULL, k, 4));
    SHOW("rt_sigaction(sigsetsize 16)", syscall(SYS_rt_sigaction, sig, NULL, k, 16));
    contract_observe((unsigned)sig);
    contract_token();
    return 0;
}
