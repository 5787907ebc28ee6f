/* Contract: rt_sigreturn with forged segment selectors and flags. Errors: a code selector
 * of 0, the stack selector used as code, or a selector from the nonce beyond the GDT kill
 * the child with SIGSEGV. Flags: the frame may set only the arithmetic flags, AC, DF, TF
 * and RF; IOPL, NT and VM bits in it are ignored (the child reaches its landing function
 * and exits with a code from the nonce), and TF makes it stop with SIGTRAP after one
 * instruction. */
#include "contract.h"
#include "sigframe.h"

int main(void) {
    static struct forged_uc uc __attribute__((aligned(64)));
    char* stack = mmap(NULL, 65536, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    long code = (long)contract_range(1, 255);
    forged_good(&uc, stack, code);
    unsigned short ss = uc.ss;
    uc.cs = 0;
    printf("cs 0: %s\n", forged_run(&uc, NULL));
    uc.cs = ss;
    printf("cs = ss: %s\n", forged_run(&uc, NULL));
    uc.cs = (unsigned short)(contract_range(64, 4000) * 8 + 3);
    printf("cs beyond the GDT: %s\n", forged_run(&uc, NULL));
    forged_good(&uc, stack, code);
    static const unsigned long ignored[] = {0x3000, 0x4000, 0x20000, 0x100000, 0x80000};
    uc.rflags |= ignored[contract_range(0, 4)] | ignored[contract_range(0, 4)];
    printf("rflags with IOPL/NT/VM/VIF/VIP bits (code %ld): %s\n", code, forged_run(&uc, NULL));
    forged_good(&uc, stack, code);
    uc.rflags |= 0x100;
    printf("rflags with TF: %s\n", forged_run(&uc, NULL));
    contract_token();
    return 0;
}
