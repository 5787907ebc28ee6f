/* Contract: rt_sigreturn with a forged FPU state pointer. A frame without one (NULL)
 * works: the child exits with a code from the nonce, and so does a valid FXSAVE image at
 * an address that is not 64-byte aligned. Errors: an fpstate pointer to unmapped memory or
 * into the kernel, or to a state whose MXCSR has reserved bits set (the rest of it bytes
 * from the nonce), kills the child with SIGSEGV. */
#include "contract.h"
#include "sigframe.h"

int main(void) {
    static struct forged_uc uc __attribute__((aligned(64)));
    static unsigned char state[4096] __attribute__((aligned(64)));
    char* stack = mmap(NULL, 65536, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    long code = (long)contract_range(1, 255);
    forged_good(&uc, stack, code);
    printf("no fpstate (code %ld): %s\n", code, forged_run(&uc, NULL));
    uc.fpstate = (char*)before_hole(16) + 16 + 64 * contract_range(0, 60);
    printf("fpstate unmapped: %s\n", forged_run(&uc, NULL));
    uc.fpstate = KERNEL_ADDR;
    printf("fpstate in the kernel: %s\n", forged_run(&uc, NULL));
    memset(state, 0, sizeof state);
    state[24] = 0x80, state[25] = 0x1f; /* MXCSR 0x1f80, the default */
    uc.fpstate = state + 8 * contract_range(1, 7);
    printf("fpstate misaligned: %s\n", forged_run(&uc, NULL));
    for (unsigned i = 0; i < 512; ++i) state[i] = (unsigned char)contract_random();
    memset(state + 464, 0, 48); /* no extended-state magic: a plain FXSAVE image */
    state[24] = state[25] = state[26] = state[27] = 0xff;
    uc.fpstate = state;
    printf("fpstate with a bad MXCSR: %s\n", forged_run(&uc, NULL));
    contract_token();
    return 0;
}
