/* Contract: the initial stack execve builds (System V x86_64 ABI): the stack pointer
 * at entry is 16-byte aligned with argc at it, so argv sits 8 bytes above a multiple of
 * 16; argv's pointers, a NULL, envp's pointers, a NULL, then auxv pairs ending with
 * AT_NULL; the strings lie above, argv's then envp's, one after another, each with its
 * NUL. Errors: execve with an envp array in unmapped memory fails with EFAULT. */
#include "contract.h"
#include <elf.h>

extern char** environ;

int main(int argc, char** argv, char** envp) {
    printf("argv %% 16 == 8: %s\n", (unsigned long)argv % 16 == 8 ? "yes" : "no");
    printf("argc below argv: %s\n", ((long*)argv)[-1] == argc ? "yes" : "no");
    printf("envp right after argv's NULL: %s\n", envp == argv + argc + 1 ? "yes" : "no");
    char** p = envp;
    while (*p) ++p;
    Elf64_auxv_t* aux = (Elf64_auxv_t*)(p + 1);
    int n = 0, pagesz = 0;
    for (; aux->a_type != AT_NULL && n < 100; ++aux, ++n)
        if (aux->a_type == AT_PAGESZ) pagesz = (int)aux->a_un.a_val;
    printf("auxv after envp's NULL, ends with AT_NULL: %s, AT_PAGESZ there: %d\n",
           n < 100 ? "yes" : "no", pagesz);

    int contiguous = 1;
    for (int i = 0; i + 1 < argc; ++i)
        if (argv[i + 1] != argv[i] + strlen(argv[i]) + 1) contiguous = 0;
    if (argc > 0 && envp[0] && envp[0] != argv[argc - 1] + strlen(argv[argc - 1]) + 1)
        contiguous = 0;
    for (int i = 0; envp[i] && envp[i + 1]; ++i)
        if (envp[i + 1] != envp[i] + strlen(envp[i]) + 1) contiguous = 0;
    printf("strings packed in order, argv then envp: %s\n", contiguous ? "yes" : "no");
    printf("strings above the pointer arrays: %s\n", (char*)argv[0] > (char*)aux ? "yes" : "no");

    SHOW("execve(envp unmapped)", syscall(SYS_execve, self_path(), argv, before_hole(0)));
    SHOW("execve(argv unmapped)", syscall(SYS_execve, self_path(), before_hole(0), envp));
    return 0;
}
