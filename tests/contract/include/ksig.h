/* tests/contract/include/ksig.h — the kernel's view of rt_sigaction and rt_sigprocmask.
 *
 * The libc wrappers translate between their sigaction and the kernel's; the contract
 * programs about signals read what the kernel recorded, so they use the kernel's
 * layout (x86_64: handler, flags, restorer, 64-bit mask) and the raw system calls.
 */
#ifndef KSIG_H
#define KSIG_H

#include "contract.h"

struct ksigaction {
    void (*handler)(int);
    unsigned long flags;
    void (*restorer)(void);
    unsigned long mask;
};

#define KSA_RESTORER 0x04000000UL
#define KBIT(sig) (1UL << ((sig)-1))

static inline long k_sigaction(int sig, const struct ksigaction* act, struct ksigaction* old) {
    return syscall(SYS_rt_sigaction, sig, act, old, 8);
}

static inline long k_sigprocmask(int how, const unsigned long* set, unsigned long* old) {
    return syscall(SYS_rt_sigprocmask, how, set, old, 8);
}

/** Standard signals a program may block, ignore or give a handler without changing how
 * it runs or dies: not SIGKILL or SIGSTOP, not the ones a fault raises, not SIGCHLD (it
 * changes wait4) and not the job-control stops. */
#define KSAFE_SIGNALS                                                                              \
    (KBIT(SIGHUP) | KBIT(SIGINT) | KBIT(SIGQUIT) | KBIT(SIGUSR1) | KBIT(SIGUSR2) | KBIT(SIGPIPE) | \
     KBIT(SIGALRM) | KBIT(SIGTERM) | KBIT(SIGSTKFLT) | KBIT(SIGURG) | KBIT(SIGXCPU) |              \
     KBIT(SIGXFSZ) | KBIT(SIGVTALRM) | KBIT(SIGPROF) | KBIT(SIGWINCH) | KBIT(SIGIO) |              \
     KBIT(SIGPWR))

/** A subset of @p pool chosen from the nonce (contract_random). */
static inline unsigned long k_random_set(unsigned long pool) { return pool & contract_random(); }

/** The current mask, standard signals only (1-31: libcs use some real-time ones). */
static inline unsigned long k_blocked(void) {
    unsigned long m = 0;
    k_sigprocmask(SIG_BLOCK, NULL, &m);
    return m & 0x7fffffffUL;
}

/** Names of the standard signals in a mask: "SIGHUP SIGUSR1" or "none". */
static inline const char* mask_names(unsigned long m) {
    static char buf[256];
    buf[0] = 0;
    for (int s = 1; s < 32; ++s)
        if (m & KBIT(s)) {
            if (buf[0]) strcat(buf, " ");
            strcat(buf, signame(s));
        }
    return buf[0] ? buf : "none";
}

#endif
