/* Contract: main receives exactly the argv and environment execve was given: count,
 * order, an empty string kept, a NULL after each list; getenv finds the variables.
 * Errors: execve with an argv element that points to unmapped memory fails with
 * EFAULT and the caller goes on. */
#include "contract.h"

extern char** environ;

int main(int argc, char** argv, char** envp) {
    printf("argc %d\n", argc);
    for (int i = 0; i < argc; ++i) printf("argv[%d] = \"%s\"\n", i, argv[i]);
    printf("argv[argc] is NULL: %s\n", argv[argc] == NULL ? "yes" : "no");
    int n = 0;
    for (char** e = envp; *e; ++e) printf("envp[%d] = \"%s\"\n", n++, *e);
    printf("environ is envp: %s\n", environ == envp ? "yes" : "no");
    printf("getenv(HOME) = %s, getenv(NOPE) = %s\n", getenv("HOME"),
           getenv("NOPE") ? "set" : "(null)");

    char* bad_argv[] = {argv[0], (char*)before_hole(0), NULL};
    SHOW("execve(argv[1] unmapped)", execve(self_path(), bad_argv, envp));
    char* bad_envp[] = {"A=1", (char*)KERNEL_ADDR, NULL};
    SHOW("execve(envp[1] in the kernel)", execve(self_path(), argv, bad_envp));
    return 0;
}
