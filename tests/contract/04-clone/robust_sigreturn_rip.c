/* Contract: rt_sigreturn with a forged frame. A well-formed frame (code and stack
 * selectors of this process, rip at a function, a stack of its own) resumes there: the
 * child exits with a code from the nonce. Errors: a rip in unmapped memory, in the
 * kernel's half and not canonical (which must not go out through sysret) kill the child
 * with SIGSEGV; the parent goes on. A non-canonical rsp is restored as it is: the landing
 * function never touches the stack, so the child exits normally. */
#include "contract.h"
#include "sigframe.h"

int main(void) {
    static struct forged_uc uc __attribute__((aligned(64)));
    char* stack = mmap(NULL, 65536, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    long code = (long)contract_range(1, 255);
    forged_good(&uc, stack, code);
    printf("good frame (code %ld): %s\n", code, forged_run(&uc, NULL));
    char* hole = (char*)before_hole(16) + 16;
    forged_good(&uc, stack, code);
    uc.rip = (unsigned long)hole + contract_range(0, 4095);
    printf("rip unmapped: %s\n", forged_run(&uc, NULL));
    uc.rip = (unsigned long)KERNEL_ADDR + contract_range(0, 1 << 20);
    printf("rip in the kernel: %s\n", forged_run(&uc, NULL));
    uc.rip = (unsigned long)NONCANONICAL_ADDR + contract_range(0, 1 << 30);
    printf("rip not canonical: %s\n", forged_run(&uc, NULL));
    forged_good(&uc, stack, code);
    uc.rsp = (unsigned long)NONCANONICAL_ADDR + contract_range(0, 1 << 20) * 16;
    printf("rsp not canonical: %s\n", forged_run(&uc, NULL));
    contract_token();
    return 0;
}
