/* Contract: the initial stack execve builds (System V x86_64 ABI): the stack pointer
 * at entry is 16-byte aligned with argc at it, so argv sits 8 bytes above a multiple of
 * 16; argv's pointers, a NULL, envp's pointers, a NULL, then auxv pairs ending with
 * AT_NULL; the strings lie above, argv's then envp's, one after another, each with its
 * NUL. This holds for the runner's vectors and for a re-execution with vectors chosen
 * from the nonce (1..64 arguments and 0..32 variables of 0..200 bytes each, so the
 * alignment padding varies), which prints what it counted. Errors: execve with an argv
 * or envp array in unmapped memory fails with EFAULT. */
#include "contract.h"
#include <elf.h>

extern char** environ;

static void check_layout(const char* who, int argc, char** argv, char** envp) {
    printf("%sargv %% 16 == 8: %s\n", who, (unsigned long)argv % 16 == 8 ? "yes" : "no");
    printf("%sargc below argv: %s\n", who, ((long*)argv)[-1] == argc ? "yes" : "no");
    printf("%senvp right after argv's NULL: %s\n", who, envp == argv + argc + 1 ? "yes" : "no");
    char** p = envp;
    while (*p) ++p;
    Elf64_auxv_t* aux = (Elf64_auxv_t*)(p + 1);
    int n = 0, pagesz = 0;
    for (; aux->a_type != AT_NULL && n < 100; ++aux, ++n)
        if (aux->a_type == AT_PAGESZ) pagesz = (int)aux->a_un.a_val;
    printf("%sauxv after envp's NULL, ends with AT_NULL: %s, AT_PAGESZ there: %d\n", who,
           n < 100 ? "yes" : "no", pagesz);

    int contiguous = 1;
    for (int i = 0; i + 1 < argc; ++i)
        if (argv[i + 1] != argv[i] + strlen(argv[i]) + 1) contiguous = 0;
    if (argc > 0 && envp[0] && envp[0] != argv[argc - 1] + strlen(argv[argc - 1]) + 1)
        contiguous = 0;
    for (int i = 0; envp[i] && envp[i + 1]; ++i)
        if (envp[i + 1] != envp[i] + strlen(envp[i]) + 1) contiguous = 0;
    printf("%sstrings packed in order, argv then envp: %s\n", who, contiguous ? "yes" : "no");
    printf("%sstrings above the pointer arrays: %s\n", who,
           (char*)argv[0] > (char*)aux ? "yes" : "no");
}

int main(int argc, char** argv, char** envp) {
    if (argc > 1 && strcmp(argv[1], "--layout") == 0) {
        size_t bytes = 0;
        int envc = 0;
        for (int i = 0; i < argc; ++i) bytes += strlen(argv[i]) + 1;
        for (; envp[envc]; ++envc) bytes += strlen(envp[envc]) + 1;
        printf("re-executed: argc %d, %d variables, %zu bytes of strings\n", argc, envc, bytes);
        check_layout("re-executed: ", argc, argv, envp);
        return 0;
    }
    check_layout("", argc, argv, envp);

    static char *args[67], *env[33];
    int nargs = (int)contract_range(1, 64), nenv = (int)contract_range(0, 32);
    args[0] = argv[0];
    args[1] = "--layout";
    for (int i = 2; i < 2 + nargs; ++i)
        args[i] = contract_word(malloc(201), contract_range(0, 200));
    for (int i = 0; i < nenv; ++i) {
        env[i] = contract_word(malloc(203), contract_range(2, 202));
        env[i][1] = '=';
    }
    pid_t pid = fork_flushed();
    if (pid == 0) {
        execve(self_path(), args, env);
        _exit(127);
    }
    printf("re-execution: %s\n", describe_status(wait_for(pid)));

    SHOW("execve(envp unmapped)", syscall(SYS_execve, self_path(), argv, before_hole(0)));
    SHOW("execve(argv unmapped)", syscall(SYS_execve, self_path(), before_hole(0), envp));
    return 0;
}
