/* Contract: arch_prctl(ARCH_GET_FS) returns the thread pointer the libc installed
 * with ARCH_SET_FS at start-up: its first word points to itself (both libcs keep that
 * self pointer), thread-local variables live below it, and a forked child has the same
 * value and sees the parent's thread-locals (a value chosen from the nonce, written
 * before fork and printed by both). Setting it to the same value succeeds.
 * Errors: EINVAL for an unknown code, EPERM for a non-canonical or kernel address,
 * EFAULT for an unmapped result pointer. */
#include "contract.h"

#define ARCH_SET_FS 0x1002
#define ARCH_GET_FS 0x1003

static __thread int tls_value = 41;

int main(void) {
    unsigned long fs = 0;
    SHOW("arch_prctl(ARCH_GET_FS)", syscall(SYS_arch_prctl, ARCH_GET_FS, &fs));
    printf("self pointer at %%fs:0: %s\n", *(unsigned long*)fs == fs ? "yes" : "no");
    printf("thread-local below it: %s\n",
           (unsigned long)&tls_value < fs && fs - (unsigned long)&tls_value < 4096 ? "yes" : "no");
    tls_value = (int)contract_range(42, 999999);
    pid_t pid = fork_flushed();
    if (pid == 0) {
        unsigned long cfs = 0;
        syscall(SYS_arch_prctl, ARCH_GET_FS, &cfs);
        printf("child: same fs: %s, tls_value %d\n", cfs == fs ? "yes" : "no", tls_value);
        fflush(stdout);
        _exit(0);
    }
    wait_for(pid);
    SHOW("arch_prctl(ARCH_SET_FS, same)", syscall(SYS_arch_prctl, ARCH_SET_FS, fs));
    printf("tls_value still %d\n", tls_value);
    SHOW("arch_prctl(0x1234)", syscall(SYS_arch_prctl, 0x1234, &fs));
    SHOW("arch_prctl(ARCH_SET_FS, non-canonical)",
         syscall(SYS_arch_prctl, ARCH_SET_FS, 0x0000800000000000UL));
    SHOW("arch_prctl(ARCH_SET_FS, kernel)",
         syscall(SYS_arch_prctl, ARCH_SET_FS, 0xffffffff80000000UL));
    SHOW("arch_prctl(ARCH_GET_FS, unmapped)", syscall(SYS_arch_prctl, ARCH_GET_FS, before_hole(4)));
    return 0;
}
