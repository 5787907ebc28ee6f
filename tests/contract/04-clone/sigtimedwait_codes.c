/* Contract: rt_sigtimedwait takes a blocked pending signal without running a handler and
 * reports how it was sent: kill gives SI_USER with the sender's pid, tgkill SI_TKILL,
 * rt_sigqueueinfo SI_QUEUE with the value (from the nonce), a child's exit SIGCHLD with
 * CLD_EXITED and its code. With nothing pending it times out: EAGAIN (also for a zero
 * timeout). Errors: tv_nsec of 10^9 is EINVAL; sigsetsize 4 is EINVAL. */
#include "contract.h"

static int take(const char* label, sigset_t* set, siginfo_t* si) {
    struct timespec ts = {5, 0};
    memset(si, 0, sizeof *si);
    errno = 0;
    int r = (int)syscall(SYS_rt_sigtimedwait, set, si, &ts,
                         8); /* glibc's wrapper turns SI_TKILL into SI_USER */
    if (r < 0) printf("%s: -1 %s\n", label, errname(errno));
    else printf("%s: %s", label, signame(r));
    contract_observe((unsigned)r);
    return r;
}

static const char* code_name(int c) {
    switch (c) {
    case SI_USER:
        return "SI_USER";
    case SI_TKILL:
        return "SI_TKILL";
    case SI_QUEUE:
        return "SI_QUEUE";
    case CLD_EXITED:
        return "CLD_EXITED";
    default:
        return "other";
    }
}

int main(void) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigaddset(&set, SIGCHLD);
    sigaddset(&set, 40);
    sigprocmask(SIG_BLOCK, &set, NULL);
    siginfo_t si;
    kill(getpid(), SIGUSR1);
    if (take("after kill", &set, &si) > 0)
        printf(", %s, pid is ours %s\n", code_name(si.si_code),
               si.si_pid == getpid() ? "yes" : "no");
    syscall(SYS_tgkill, getpid(), gettid(), SIGUSR1);
    if (take("after tgkill", &set, &si) > 0) printf(", %s\n", code_name(si.si_code));
    long value = (long)contract_range(0, 1 << 30);
    siginfo_t q;
    memset(&q, 0, sizeof q);
    q.si_signo = 40;
    q.si_code = SI_QUEUE;
    q.si_pid = getpid();
    q.si_value.sival_ptr = (void*)value;
    syscall(SYS_rt_sigqueueinfo, getpid(), 40, &q);
    if (take("after rt_sigqueueinfo", &set, &si) > 0)
        printf(", %s, value %s\n", code_name(si.si_code),
               (long)si.si_value.sival_ptr == value ? "kept" : "lost");
    int code = (int)contract_range(0, 255);
    pid_t pid = fork_flushed();
    if (pid == 0) _exit(code);
    if (take("after a child's exit", &set, &si) > 0)
        printf(", %s, status %d, pid is the child %s\n", code_name(si.si_code), si.si_status,
               si.si_pid == pid ? "yes" : "no");
    wait_for(pid);
    struct timespec zero = {0, 0}, short_wait = {0, 20 * 1000 * 1000}, bad = {0, 1000000000L};
    SHOW("sigtimedwait(nothing pending, 0)", syscall(SYS_rt_sigtimedwait, &set, &si, &zero, 8));
    SHOW("sigtimedwait(nothing pending, 20 ms)",
         syscall(SYS_rt_sigtimedwait, &set, &si, &short_wait, 8));
    SHOW("sigtimedwait(tv_nsec 10^9)", syscall(SYS_rt_sigtimedwait, &set, &si, &bad, 8));
    SHOW("rt_sigtimedwait(sigsetsize 4)", syscall(SYS_rt_sigtimedwait, &set, &si, &zero, 4));
    contract_token();
    return 0;
}
