/* Contract: sigaltstack. A handler with SA_ONSTACK runs on the alternate stack (a local
 * variable's address lies inside it) and sigaltstack there reports SS_ONSTACK; without
 * SA_ONSTACK it runs on the normal stack; the stack set is read back (size from the
 * nonce), and SS_DISABLE turns it off. Errors: a size below MINSIGSTKSZ is ENOMEM,
 * unknown flags EINVAL, and changing the stack while running on it EPERM. */
#include "contract.h"

static char* alt;
static size_t alt_size;
static volatile int on_alt, flag_onstack, change_result;

static void handler(int sig) {
    char local;
    on_alt = &local >= alt && &local < alt + alt_size;
    stack_t cur;
    sigaltstack(NULL, &cur);
    flag_onstack = (cur.ss_flags & SS_ONSTACK) != 0;
    stack_t other = {.ss_sp = alt, .ss_size = alt_size, .ss_flags = 0};
    change_result = sigaltstack(&other, NULL) == 0 ? 0 : errno;
}

int main(void) {
    alt_size = (size_t)contract_range(4, 16) * 4096;
    alt = mmap(NULL, alt_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    stack_t ss = {.ss_sp = alt, .ss_size = alt_size, .ss_flags = 0}, old;
    SHOW("sigaltstack(set)", sigaltstack(&ss, &old));
    printf("previous: %s\n", old.ss_flags & SS_DISABLE ? "SS_DISABLE" : "enabled");
    sigaltstack(NULL, &old);
    printf("read back: same place %s, size %zu pages\n", old.ss_sp == alt ? "yes" : "no",
           old.ss_size / 4096);
    for (int onstack = 0; onstack < 2; ++onstack) {
        struct sigaction sa = {0};
        sa.sa_handler = handler;
        sa.sa_flags = onstack ? SA_ONSTACK : 0;
        sigaction(SIGUSR1, &sa, NULL);
        on_alt = flag_onstack = 0;
        change_result = -1;
        raise(SIGUSR1);
        printf("%s: on the alternate stack %s, SS_ONSTACK %s, changing it there: %s\n",
               onstack ? "SA_ONSTACK" : "no SA_ONSTACK", on_alt ? "yes" : "no",
               flag_onstack ? "yes" : "no", errname(change_result));
    }
    stack_t small = {.ss_sp = alt, .ss_size = (size_t)contract_range(1, 1023), .ss_flags = 0};
    SHOW("sigaltstack(size below MINSIGSTKSZ)", sigaltstack(&small, NULL));
    stack_t bad = {.ss_sp = alt, .ss_size = alt_size, .ss_flags = 1 << contract_range(3, 20)};
    SHOW("sigaltstack(unknown flag)", syscall(SYS_sigaltstack, &bad, NULL));
    stack_t off = {.ss_flags = SS_DISABLE};
    SHOW("sigaltstack(SS_DISABLE)", sigaltstack(&off, NULL));
    sigaltstack(NULL, &old);
    printf("after SS_DISABLE: %s\n", old.ss_flags & SS_DISABLE ? "disabled" : "enabled");
    contract_token();
    return 0;
}
