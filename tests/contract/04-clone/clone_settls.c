/* Contract: CLONE_SETTLS sets the new thread's FS base: the thread reads the words of its
 * own TLS block through %fs (a self pointer and a value from the nonce), while the
 * creator's %fs is unchanged; arch_prctl(ARCH_GET_FS) in the thread returns the block.
 * Errors: a TLS address in the kernel half or not canonical makes clone fail with EPERM
 * and no thread is made. */
#include "contract.h"
#include "threads.h"
#define ARCH_GET_FS 0x1003

static volatile unsigned long got_self, got_value, got_base;

static int reader(void* arg) {
    unsigned long v;
    __asm__ volatile("mov %%fs:0, %0" : "=r"(v));
    got_self = v;
    __asm__ volatile("mov %%fs:8, %0" : "=r"(v));
    got_value = v;
    raw_syscall(SYS_arch_prctl, ARCH_GET_FS, (long)&got_base, 0, 0, 0, 0);
    return 0;
}

int main(void) {
    static unsigned long block[4] __attribute__((aligned(64)));
    block[0] = (unsigned long)block;
    block[1] = contract_random();
    unsigned long before, after;
    syscall(SYS_arch_prctl, ARCH_GET_FS, &before);
    struct raw_thread t;
    long r = raw_start_tls(&t, THREAD_FLAGS | CLONE_SETTLS, reader, NULL, (unsigned long)block);
    raw_join(&t);
    syscall(SYS_arch_prctl, ARCH_GET_FS, &after);
    printf("clone(SETTLS): %s\n", r > 0 ? "ok" : errname((int)-r));
    printf("thread's %%fs:0 is the block: %s\n", got_self == (unsigned long)block ? "yes" : "no");
    printf("thread's %%fs:8 is the value: %s\n", got_value == block[1] ? "yes" : "no");
    printf("thread's ARCH_GET_FS is the block: %s\n",
           got_base == (unsigned long)block ? "yes" : "no");
    printf("caller's FS base unchanged: %s\n", before == after ? "yes" : "no");
    contract_observe(got_value);
    r = raw_start_tls(&t, THREAD_FLAGS | CLONE_SETTLS, reader, NULL, (unsigned long)KERNEL_ADDR);
    printf("clone(SETTLS kernel address): %s\n", r > 0 ? "ok" : errname((int)-r));
    r = raw_start_tls(&t, THREAD_FLAGS | CLONE_SETTLS, reader, NULL,
                      (unsigned long)NONCANONICAL_ADDR + contract_range(0, 1 << 20) * 8);
    printf("clone(SETTLS non-canonical): %s\n", r > 0 ? "ok" : errname((int)-r));
    contract_token();
    return 0;
}
