/* Contract: real-time signals queue: with the signal blocked, n rt_sigqueueinfo calls
 * (n and the values from the nonce) leave n instances, delivered in order with their
 * values and si_code SI_QUEUE once unblocked; a standard signal sent n times while blocked
 * is delivered once. On the way back to user mode the kernel takes the pending signals
 * lowest number first and stacks a frame for each that is not blocked by then, so the
 * handlers run in the printed order. Errors: rt_sigqueueinfo to another
 * process with si_code SI_USER (>= 0) is EPERM; signal 0 checks only; 65 is EINVAL. */
#include "contract.h"

static volatile int got_count;
static int got_sig[64];
static long got_val[64];
static int got_code_ok = 1;

static void handler(int sig, siginfo_t* si, void* uc) {
    if (got_count < 64) {
        got_sig[got_count] = sig;
        got_val[got_count] = (long)si->si_value.sival_ptr;
    }
    if (sig >= SIGRTMIN && si->si_code != SI_QUEUE) got_code_ok = 0;
    ++got_count;
}

int main(void) {
    int rt1 = (int)contract_range(35, 48), rt2 = (int)contract_range(49, 64);
    struct sigaction sa = {0};
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO;
    sigset_t set;
    sigemptyset(&set);
    int sigs[] = {rt1, rt2, SIGUSR1};
    for (int i = 0; i < 3; ++i) sigaction(sigs[i], &sa, NULL), sigaddset(&set, sigs[i]);
    sigprocmask(SIG_BLOCK, &set, NULL);
    int n = (int)contract_range(2, 10);
    for (int i = 0; i < n; ++i) {
        int s = i % 2 ? rt1 : rt2;
        siginfo_t si;
        memset(&si, 0, sizeof si);
        si.si_signo = s;
        si.si_code = SI_QUEUE;
        si.si_pid = getpid();
        si.si_uid = getuid();
        si.si_value.sival_ptr = (void*)(long)contract_range(0, 1 << 30);
        syscall(SYS_rt_sigqueueinfo, getpid(), s, &si);
        kill(getpid(), SIGUSR1);
    }
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    printf("sent %d queued signals (rt %d and %d) and SIGUSR1 %d times; delivered %d\n", n, rt1,
           rt2, n, got_count);
    for (int i = 0; i < got_count && i < 64; ++i) {
        printf("  %s", signame(got_sig[i]));
        if (got_sig[i] != SIGUSR1) printf(" value %ld", got_val[i]);
        printf("\n");
        contract_observe((unsigned long)got_val[i]);
    }
    printf("si_code SI_QUEUE: %s\n", got_code_ok ? "yes" : "no");
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        pause();
        _exit(0);
    }
    siginfo_t si;
    memset(&si, 0, sizeof si);
    si.si_code = SI_USER;
    SHOW("rt_sigqueueinfo(child, SI_USER)", syscall(SYS_rt_sigqueueinfo, pid, SIGUSR1, &si));
    si.si_code = SI_QUEUE;
    SHOW("rt_sigqueueinfo(child, 0)", syscall(SYS_rt_sigqueueinfo, pid, 0, &si));
    SHOW("rt_sigqueueinfo(child, 65)", syscall(SYS_rt_sigqueueinfo, pid, 65, &si));
    kill(pid, SIGKILL);
    printf("child: %s\n", describe_status(wait_for(pid)));
    contract_token();
    return 0;
}
