/* Contract: every call of lab 03 that takes a pointer fails with EFAULT — and does not
 * crash the kernel or the caller — when the pointer is NULL (where NULL is not
 * allowed: NULL means "none" for time, gettimeofday, prlimit64's new limit and the
 * signal calls, checked here too), in the kernel's half, or not canonical (the last two
 * chosen from the nonce); a token mixes the nonce with the results. Success: each call
 * with a valid pointer works. */
#include "contract.h"
#include <sys/resource.h>
#include <sys/utsname.h>
#include <termios.h>
#include <time.h>

#define ARCH_GET_FS 0x1003

int main(void) {
    void* bad[3] = {NULL, (void*)(0xffff800000000000UL | contract_random()),
                    (void*)(0x0000800000000000UL + contract_range(0, 0xfffeffffffffffffUL))};
    char bad_name[3][40] = {"NULL"};
    snprintf(bad_name[1], sizeof bad_name[1], "kernel %#lx", (unsigned long)bad[1]);
    snprintf(bad_name[2], sizeof bad_name[2], "non-canonical %#lx", (unsigned long)bad[2]);
    struct utsname u;
    struct timespec ts;
    struct timeval tv;
    struct rlimit rl;
    struct termios tio;
    struct stat st;
    char buf[16];
    unsigned long fs;
    sigset_t set;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&set);
    SHOW("uname(ok)", syscall(SYS_uname, &u));
    SHOW("clock_gettime(ok)", syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &ts));
    SHOW("gettimeofday(ok)", syscall(SYS_gettimeofday, &tv, NULL));
    SHOW("getrlimit(ok)", syscall(SYS_getrlimit, RLIMIT_STACK, &rl));
    SHOW("ioctl(TCGETS, ok)", syscall(SYS_ioctl, 1, TCGETS, &tio));
    SHOW("fstat(ok)", syscall(SYS_fstat, 1, &st));
    SHOW("getrandom(ok)", syscall(SYS_getrandom, buf, 8, 0));
    SHOW("arch_prctl(ARCH_GET_FS, ok)", syscall(SYS_arch_prctl, ARCH_GET_FS, &fs));
    SHOW("rt_sigprocmask(ok)", syscall(SYS_rt_sigprocmask, SIG_BLOCK, &set, NULL, 8));
    for (int i = 0; i < 3; ++i) {
        void* p = bad[i];
        char label[192];
#define TRY(name, call)                                         \
    snprintf(label, sizeof label, "%s(%s)", name, bad_name[i]); \
    SHOW(label, call)
#define TRY_OK(name, call)                                      \
    snprintf(label, sizeof label, "%s(%s)", name, bad_name[i]); \
    SHOW_OK(label, call)
        TRY("uname", syscall(SYS_uname, p));
        TRY("clock_gettime", syscall(SYS_clock_gettime, CLOCK_MONOTONIC, p));
        TRY("gettimeofday", syscall(SYS_gettimeofday, p, NULL));
        TRY_OK("time", syscall(SYS_time, p)); /* NULL: returns the time */
        TRY("getrlimit", syscall(SYS_getrlimit, RLIMIT_STACK, p));
        TRY("prlimit64(new)", syscall(SYS_prlimit64, 0, RLIMIT_STACK, p, NULL));
        TRY("ioctl(TCGETS)", syscall(SYS_ioctl, 1, TCGETS, p));
        TRY("ioctl(TIOCGWINSZ)", syscall(SYS_ioctl, 1, TIOCGWINSZ, p));
        TRY("fstat", syscall(SYS_fstat, 1, p));
        TRY("getrandom", syscall(SYS_getrandom, p, 8, 0));
        TRY("nanosleep", syscall(SYS_nanosleep, p, NULL));
        TRY("arch_prctl(ARCH_GET_FS)", syscall(SYS_arch_prctl, ARCH_GET_FS, p));
        TRY("rt_sigaction(act)", syscall(SYS_rt_sigaction, SIGUSR1, p, NULL, 8));
        TRY("rt_sigaction(oldact)", syscall(SYS_rt_sigaction, SIGUSR1, NULL, p, 8));
        TRY("rt_sigprocmask(set)", syscall(SYS_rt_sigprocmask, SIG_BLOCK, p, NULL, 8));
        TRY("rt_sigprocmask(oldset)", syscall(SYS_rt_sigprocmask, SIG_BLOCK, NULL, p, 8));
        TRY("write", syscall(SYS_write, 1, p, 4));
#undef TRY
#undef TRY_OK
    }
    contract_token();
    return 0;
}
