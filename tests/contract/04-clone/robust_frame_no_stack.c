/* Contract: a signal arrives while the stack pointer points nowhere. The child moves rsp
 * into unmapped memory (or the kernel, or a non-canonical address) and sends itself
 * SIGUSR1, which has a handler: the frame cannot be written, so it dies by SIGSEGV, even
 * with a SIGSEGV handler. With an alternate stack for the SIGSEGV handler, that handler
 * runs and exits with a code from the nonce. */
#include "contract.h"

static volatile int code;

static void usr1(int sig) {}
static void segv(int sig) { _exit(code); }

static const char* run(void* sp, int altstack) {
    pid_t pid = fork_flushed();
    if (pid == 0) {
        signal(SIGUSR1, usr1);
        struct sigaction sa = {0};
        sa.sa_handler = segv;
        if (altstack) {
            stack_t ss = {.ss_sp = malloc(65536), .ss_size = 65536, .ss_flags = 0};
            sigaltstack(&ss, NULL);
            sa.sa_flags = SA_ONSTACK;
        }
        sigaction(SIGSEGV, &sa, NULL);
        long pid_self = getpid();
        __asm__ volatile(
            "mov %%rsp, %%r12\n\t"
            "mov %1, %%rsp\n\t"
            "syscall\n\t"
            "mov %%r12, %%rsp"
            :
            : "a"(SYS_kill), "r"(sp), "D"(pid_self), "S"(SIGUSR1)
            : "rcx", "r11", "r12", "memory");
        _exit(1);
    }
    return describe_status(wait_for(pid));
}

int main(void) {
    code = (int)contract_range(2, 255);
    char* hole = (char*)before_hole(16) + 16 + 8 * contract_range(100, 400);
    printf("rsp unmapped: %s\n", run(hole, 0));
    printf("rsp in the kernel: %s\n", run(KERNEL_ADDR, 0));
    printf("rsp not canonical: %s\n", run(NONCANONICAL_ADDR, 0));
    printf("rsp unmapped, SIGSEGV on an alternate stack (code %d): %s\n", code, run(hole, 1));
    contract_token();
    return 0;
}
