/* Contract: clone with a bad TLS. CLONE_SETTLS with a TLS block in unmapped user memory
 * is accepted; the new thread dies by SIGSEGV when it reads %fs:0, and since that is a
 * fatal signal the whole group goes (a forked process shows it). Errors: a TLS address in
 * the kernel or not canonical is EPERM (arch_prctl(ARCH_SET_FS) gives the same), and the
 * caller's FS base stays as it was. */
#include "contract.h"
#include "threads.h"

#define ARCH_SET_FS 0x1002
#define ARCH_GET_FS 0x1003

static int read_tls(void* arg) {
    unsigned long v;
    __asm__ volatile("mov %%fs:0, %0" : "=r"(v));
    return (int)v;
}

int main(void) {
    char* hole = (char*)before_hole(16) + 16 + 64 * contract_range(0, 60);
    pid_t pid = fork_flushed();
    if (pid == 0) {
        struct raw_thread t;
        raw_start_tls(&t, THREAD_FLAGS | CLONE_SETTLS, read_tls, NULL, (unsigned long)hole);
        raw_join(&t);
        _exit(0);
    }
    printf("TLS unmapped: process %s\n", describe_status(wait_for(pid)));
    unsigned long before, after;
    syscall(SYS_arch_prctl, ARCH_GET_FS, &before);
    struct raw_thread t;
    unsigned long kernel = (unsigned long)KERNEL_ADDR + PAGE * contract_range(0, 1000);
    long r = raw_start_tls(&t, THREAD_FLAGS | CLONE_SETTLS, read_tls, NULL, kernel);
    printf("clone(SETTLS in the kernel): %s\n", r > 0 ? "ok" : errname((int)-r));
    SHOW("arch_prctl(ARCH_SET_FS, kernel)", syscall(SYS_arch_prctl, ARCH_SET_FS, kernel));
    SHOW("arch_prctl(ARCH_SET_FS, not canonical)",
         syscall(SYS_arch_prctl, ARCH_SET_FS, NONCANONICAL_ADDR));
    SHOW("arch_prctl(ARCH_GET_FS, unmapped)", syscall(SYS_arch_prctl, ARCH_GET_FS, hole));
    syscall(SYS_arch_prctl, ARCH_GET_FS, &after);
    printf("FS base unchanged: %s\n", before == after ? "yes" : "no");
    contract_token();
    return 0;
}
