/* Contract: a fatal fault is queued as a signal a handler can catch, with Linux's siginfo:
 * a write to an unmapped address gives SIGSEGV, SEGV_MAPERR and that address in si_addr
 * (an offset from the nonce); a write to a read-only page SEGV_ACCERR; an integer divide
 * by zero SIGFPE with FPE_INTDIV; ud2 SIGILL with ILL_ILLOPN; int3 SIGTRAP (si_code
 * SI_KERNEL). The handler skips the faulting instruction through the ucontext and the
 * program goes on. */
#include "contract.h"
#include <ucontext.h>

static volatile int got_sig, got_code;
static void* volatile got_addr;
static int skip;

static void handler(int sig, siginfo_t* si, void* ctx) {
    got_sig = sig;
    got_code = si->si_code;
    got_addr = si->si_addr;
    ((ucontext_t*)ctx)->uc_mcontext.gregs[REG_RIP] += skip;
}

static const char* code_name(int sig, int code) {
    if (sig == SIGSEGV)
        return code == SEGV_MAPERR ? "SEGV_MAPERR" : code == SEGV_ACCERR ? "SEGV_ACCERR" : "other";
    if (sig == SIGFPE) return code == FPE_INTDIV ? "FPE_INTDIV" : "other";
    if (sig == SIGILL) return code == ILL_ILLOPN ? "ILL_ILLOPN" : "other";
    if (sig == SIGTRAP)
        return code == SI_KERNEL ? "SI_KERNEL" : code == TRAP_BRKPT ? "TRAP_BRKPT" : "other";
    return "other";
}

int main(void) {
    struct sigaction sa = {0};
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    int sigs[] = {SIGSEGV, SIGFPE, SIGILL, SIGTRAP};
    for (int i = 0; i < 4; ++i) sigaction(sigs[i], &sa, NULL);
    char* hole = (char*)before_hole(16) + 16 + contract_range(0, 4000);
    skip = 3; /* movb $1, (%rax) is c6 00 01 */
    __asm__ volatile("movb $1, (%0)" : : "a"(hole) : "memory");
    printf("write unmapped: %s %s, si_addr right: %s\n", signame(got_sig),
           code_name(got_sig, got_code), got_addr == hole ? "yes" : "no");
    char* ro = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    char* target = ro + contract_range(0, 4095);
    __asm__ volatile("movb $1, (%0)" : : "a"(target) : "memory");
    printf("write read-only: %s %s, si_addr right: %s\n", signame(got_sig),
           code_name(got_sig, got_code), got_addr == target ? "yes" : "no");
    skip = 2; /* div %ecx is f7 f1 */
    int num = (int)contract_range(1, 1000);
    __asm__ volatile("xor %%edx, %%edx\n\txor %%ecx, %%ecx\n\tdiv %%ecx"
                     : "+a"(num)
                     :
                     : "rcx", "rdx");
    printf("divide by zero: %s %s\n", signame(got_sig), code_name(got_sig, got_code));
    __asm__ volatile("ud2");
    printf("ud2: %s %s\n", signame(got_sig), code_name(got_sig, got_code));
    skip = 0; /* int3 traps after itself */
    __asm__ volatile("int3");
    printf("int3: %s %s\n", signame(got_sig), code_name(got_sig, got_code));
    contract_token();
    return 0;
}
