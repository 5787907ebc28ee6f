/* Contract: execve's limit on arguments and environment counts the pointers as well
 * as the strings, and is a quarter of RLIMIT_STACK (here 8 MiB: 2 MiB): 100000 empty
 * arguments are accepted, 300000 (2.4 MB of pointers alone) fail with E2BIG, so do
 * 300000 empty environment strings, one environment string over 128 KiB, and 1.2 MB of
 * arguments together with 1.2 MB of environment although each alone fits. With
 * RLIMIT_STACK lowered to 1 MiB the limit follows: 200 KiB of arguments run, 300 KiB
 * fail with E2BIG. The caller goes on after every failure. An empty argv still starts
 * the program, with one empty argument. */
#include "contract.h"
#include <sys/resource.h>

static char* make_str(size_t len, char c) {
    char* s = malloc(len + 1);
    memset(s, c, len);
    s[len] = 0;
    return s;
}

/* n pointers to @s (plus the terminating NULL), after @first fixed ones. */
static char** make_vec(char** first, int nfirst, size_t n, char* s) {
    char** v = malloc((nfirst + n + 1) * sizeof(char*));
    for (int i = 0; i < nfirst; ++i) v[i] = first[i];
    for (size_t i = 0; i < n; ++i) v[nfirst + i] = s;
    v[nfirst + n] = NULL;
    return v;
}

static void try_exec(const char* label, char** args, char** env, rlim_t stack) {
    pid_t pid = fork_flushed();
    if (pid == 0) {
        if (stack) {
            struct rlimit rl = {stack, stack};
            setrlimit(RLIMIT_STACK, &rl);
        }
        printf("%s: ", label);
        fflush(stdout);
        execve(self_path(), args, env);
        printf("-1 %s\n", errname(errno));
        fflush(stdout);
        _exit(0);
    }
    wait_for(pid);
}

int main(int argc, char** argv) {
    if (argc > 1 && strcmp(argv[1], "--sizes") == 0) {
        size_t total = 0, envs = 0;
        for (int i = 2; i < argc; ++i) total += strlen(argv[i]);
        for (char** e = environ; *e; ++e) envs++;
        printf("started with %d arguments, %zu bytes, %zu environment strings\n", argc - 2, total,
               envs);
        return 0;
    }
    if (argc == 0) {
        printf("started with argc 0\n");
        return 0;
    }
    if (argc == 1 && argv[0][0] == 0) {
        printf("started with argc 1, argv[0] empty\n");
        return 0;
    }
    char* head[] = {argv[0], "--sizes"};
    char* none[] = {NULL};
    try_exec("100000 empty arguments", make_vec(head, 2, 100000, ""), none, 0);
    try_exec("300000 empty arguments", make_vec(head, 2, 300000, ""), none, 0);
    try_exec("300000 empty environment strings", make_vec(head, 2, 0, NULL),
             make_vec(NULL, 0, 300000, "A="), 0);
    char* envbig[] = {make_str(128 * 1024 + 1, 'E'), NULL};
    envbig[0][0] = 'B';
    envbig[0][1] = '=';
    try_exec("environment string of 128 KiB + 1", make_vec(head, 2, 0, NULL), envbig, 0);
    char* piece = make_str(100 * 1024, 'p');
    try_exec("1.2 MB of environment alone", make_vec(head, 2, 0, NULL),
             make_vec(NULL, 0, 12, piece), 0);
    try_exec("1.2 MB of arguments and 1.2 MB of environment", make_vec(head, 2, 12, piece),
             make_vec(NULL, 0, 12, piece), 0);
    try_exec("200 KiB of arguments, 1 MiB stack", make_vec(head, 2, 2, piece), none, 1 << 20);
    try_exec("300 KiB of arguments, 1 MiB stack", make_vec(head, 2, 3, piece), none, 1 << 20);
    try_exec("empty argv", none, none, 0);
    return 0;
}
