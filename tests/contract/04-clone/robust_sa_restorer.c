/* Contract: the return path of a handler installed by rt_sigaction directly. With
 * SA_RESTORER and a restorer of our own that calls rt_sigreturn, the handler runs and the
 * program goes on (exit code from the nonce). Errors: a restorer in unmapped memory or in
 * the kernel kills the child with SIGSEGV when the handler returns; without SA_RESTORER
 * (x86_64 has no fallback) the frame cannot be set up: SIGSEGV as well. */
#include "contract.h"

#ifndef SA_RESTORER
#define SA_RESTORER 0x04000000
#endif

static volatile int ran;
static void handler(int sig) { ran = 1; }

__asm__(
    ".text\n"
    "contract_restorer_04:\n\t"
    "mov $15, %eax\n\t"
    "syscall\n\t"
    "ud2\n");
/* (a local label: no global symbol besides main) */
void restorer(void) __asm__("contract_restorer_04");

static const char* run(void* fn, unsigned long flags, int code) {
    pid_t pid = fork_flushed();
    if (pid == 0) {
        struct {
            void* handler;
            unsigned long flags;
            void* restorer;
            unsigned long mask;
        } act = {(void*)handler, flags, fn, 0};
        if (syscall(SYS_rt_sigaction, SIGUSR1, &act, NULL, 8) != 0) _exit(1);
        syscall(SYS_tgkill, getpid(), gettid(), SIGUSR1);
        _exit(ran ? code : 2);
    }
    return describe_status(wait_for(pid));
}

int main(void) {
    int code = (int)contract_range(3, 255);
    printf("own restorer (code %d): %s\n", code, run((void*)restorer, SA_RESTORER, code));
    char* hole = (char*)before_hole(16) + 16 + contract_range(0, 4000);
    printf("restorer unmapped: %s\n", run(hole, SA_RESTORER, code));
    printf("restorer in the kernel: %s\n", run(KERNEL_ADDR, SA_RESTORER, code));
    printf("no SA_RESTORER: %s\n", run(NULL, 0, code));
    contract_token();
    return 0;
}
