/* Contract: main receives exactly the argv and environment execve was given: count,
 * order, an empty string kept, a NULL after each list; getenv finds the variables. This
 * holds for the runner's fixed vectors and for a re-execution whose vectors are chosen
 * from the nonce (2..7 arguments, one of them empty, and 1..4 variables, all of random
 * lengths and letters), which prints them as it received them. Errors: execve with an
 * argv element that points to unmapped memory, or an envp element in the kernel's half,
 * fails with EFAULT and the caller goes on. */
#include "contract.h"

extern char** environ;

static void show_vectors(const char* who, int argc, char** argv, char** envp) {
    printf("%sargc %d\n", who, argc);
    for (int i = 0; i < argc; ++i) printf("%sargv[%d] = \"%s\"\n", who, i, argv[i]);
    printf("%sargv[argc] is NULL: %s\n", who, argv[argc] == NULL ? "yes" : "no");
    int n = 0;
    for (char** e = envp; *e; ++e) printf("%senvp[%d] = \"%s\"\n", who, n++, *e);
    printf("%senviron is envp: %s\n", who, environ == envp ? "yes" : "no");
}

int main(int argc, char** argv, char** envp) {
    if (argc > 1 && strcmp(argv[1], "--echo") == 0) {
        show_vectors("re-executed: ", argc, argv, envp);
        char name[8];
        snprintf(name, sizeof name, "%.*s", (int)(strchr(envp[0], '=') - envp[0]), envp[0]);
        printf("re-executed: getenv(%s) = %s\n", name, getenv(name));
        return 0;
    }
    show_vectors("", argc, argv, envp);
    printf("getenv(HOME) = %s, getenv(NOPE) = %s\n", getenv("HOME"),
           getenv("NOPE") ? "set" : "(null)");

    static char argw[9][48], envw[4][48];
    char* args[9] = {argv[0], "--echo"};
    int nargs = (int)contract_range(2, 7), empty = 2 + (int)contract_range(0, nargs - 1);
    for (int i = 2; i < 2 + nargs; ++i)
        args[i] = i == empty ? "" : contract_word(argw[i], contract_range(1, 40));
    args[2 + nargs] = NULL;
    char* env[5];
    int nenv = (int)contract_range(1, 4);
    for (int i = 0; i < nenv; ++i) {
        char* w = envw[i];
        w[0] = (char)('A' + i);
        w[1] = (char)('A' + contract_range(0, 25));
        w[2] = '=';
        contract_word(w + 3, contract_range(0, 40));
        env[i] = w;
    }
    env[nenv] = NULL;
    pid_t pid = fork_flushed();
    if (pid == 0) {
        execve(self_path(), args, env);
        _exit(127);
    }
    printf("re-execution: %s\n", describe_status(wait_for(pid)));

    char* bad_argv[] = {argv[0], (char*)before_hole(0), NULL};
    SHOW("execve(argv[1] unmapped)", execve(self_path(), bad_argv, envp));
    char* bad_envp[] = {"A=1", (char*)KERNEL_ADDR, NULL};
    SHOW("execve(envp[1] in the kernel)", execve(self_path(), argv, bad_envp));
    return 0;
}
