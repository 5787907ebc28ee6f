/* Contract: rt_sigreturn with a frame that is cut short or not there. Errors: a frame
 * whose last bytes (a number from the nonce) lie past the end of the mapping, a stack
 * pointer in unmapped memory, in the kernel and not canonical all kill the child with
 * SIGSEGV. The same frame placed whole just before the hole works: exit code from the
 * nonce. */
#include "contract.h"
#include "sigframe.h"

int main(void) {
    static struct forged_uc uc __attribute__((aligned(64)));
    char* stack = mmap(NULL, 65536, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    long code = (long)contract_range(1, 255);
    forged_good(&uc, stack, code);
    char* end = (char*)before_hole(4096) + 4096; /* the hole starts here */
    printf("whole frame before the hole (code %ld): %s\n", code, forged_run(&uc, end - 320));
    size_t cut = (size_t)contract_range(1, sizeof uc - 1) & ~7UL;
    if (cut == 0) cut = 8;
    pid_t pid = fork_flushed();
    if (pid == 0) {
        memcpy(end - (sizeof uc - cut), &uc, sizeof uc - cut);
        sigreturn_from(end - (sizeof uc - cut));
    }
    printf("frame cut short by the hole: %s\n", describe_status(wait_for(pid)));
    printf("rsp in the hole: %s\n", describe_status(({
               pid_t p = fork_flushed();
               if (p == 0) sigreturn_from(end + 64 * contract_range(0, 60));
               wait_for(p);
           })));
    pid = fork_flushed();
    if (pid == 0) sigreturn_from(KERNEL_ADDR);
    printf("rsp in the kernel: %s\n", describe_status(wait_for(pid)));
    pid = fork_flushed();
    if (pid == 0) sigreturn_from(NONCANONICAL_ADDR);
    printf("rsp not canonical: %s\n", describe_status(wait_for(pid)));
    contract_token();
    return 0;
}
