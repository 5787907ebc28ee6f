/* Contract: signal frames on alternate stacks that are not ready. An alternate stack
 * that was mapped but never touched works (the kernel faults its pages in while writing
 * the frame): the handler runs and the child exits with a code from the nonce. Errors: an
 * alternate stack that was unmapped after sigaltstack, or made read-only, cannot take the
 * frame: the child dies by SIGSEGV. */
#include "contract.h"

static void handler(int sig) {}

static const char* run(int how, int code) {
    pid_t pid = fork_flushed();
    if (pid == 0) {
        size_t size = 16 * PAGE;
        char* alt = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        stack_t ss = {.ss_sp = alt, .ss_size = size, .ss_flags = 0};
        sigaltstack(&ss, NULL);
        if (how == 1) munmap(alt, size);
        if (how == 2) mprotect(alt, size, PROT_READ);
        struct sigaction sa = {0};
        sa.sa_handler = handler;
        sa.sa_flags = SA_ONSTACK;
        sigaction(SIGUSR1, &sa, NULL);
        raise(SIGUSR1);
        _exit(code);
    }
    return describe_status(wait_for(pid));
}

int main(void) {
    int code = (int)contract_range(1, 255);
    printf("untouched alternate stack (code %d): %s\n", code, run(0, code));
    printf("unmapped alternate stack: %s\n", run(1, code));
    printf("read-only alternate stack: %s\n", run(2, code));
    contract_token();
    return 0;
}
