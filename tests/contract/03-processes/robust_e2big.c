/* Contract: execve's limit on arguments and environment counts the pointers as well
 * as the strings, and is a quarter of RLIMIT_STACK (here 8 MiB: 2 MiB): 50000..150000
 * empty arguments are accepted, 240000..400000 (each 8 bytes of pointer and 1 of string)
 * fail with E2BIG, so do as many empty environment strings, one environment string over
 * 128 KiB, and 1.1..1.6 MB of arguments together with 1.1..1.6 MB of environment
 * although each alone fits. With RLIMIT_STACK lowered to 1 MiB the limit follows: two
 * arguments of 50..120 KiB run, three of 90..127 KiB fail with E2BIG. The caller goes on
 * after every failure; the new program counts and checksums what it got. An empty argv
 * still starts the program, with one empty argument. Counts and sizes come from the
 * nonce. */
#include "contract.h"
#include <sys/resource.h>

#define KIB 1024UL

/* n pointers to @s (plus the terminating NULL), after @first fixed ones. */
static char** make_vec(char** first, int nfirst, size_t n, char* s) {
    char** v = malloc((nfirst + n + 1) * sizeof(char*));
    for (int i = 0; i < nfirst; ++i) v[i] = first[i];
    for (size_t i = 0; i < n; ++i) v[nfirst + i] = s;
    v[nfirst + n] = NULL;
    return v;
}

/* @n words of 1..@max letters (random lengths from min), after @first fixed ones. */
static char** make_words(char** first, int nfirst, size_t n, size_t min, size_t max) {
    char** v = make_vec(first, nfirst, n, NULL);
    for (size_t i = 0; i < n; ++i) {
        size_t len = contract_range(min, max);
        v[nfirst + i] = contract_word(malloc(len + 1), len);
    }
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

static unsigned checksum(unsigned sum, const char* s) {
    for (; *s; ++s) sum = sum * 31 + (unsigned char)*s;
    return sum * 31 + 1;
}

int main(int argc, char** argv) {
    if (argc > 1 && strcmp(argv[1], "--sizes") == 0) {
        size_t total = 0, envs = 0;
        unsigned sum = 0;
        for (int i = 2; i < argc; ++i) total += strlen(argv[i]), sum = checksum(sum, argv[i]);
        for (char** e = environ; *e; ++e) envs++, sum = checksum(sum, *e);
        printf("started with %d arguments, %zu bytes, %zu environment strings, checksum %08x\n",
               argc - 2, total, envs, sum);
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
    char label[96];
    size_t n = contract_range(50000, 150000);
    snprintf(label, sizeof label, "%zu empty arguments", n);
    try_exec(label, make_vec(head, 2, n, ""), none, 0);
    n = contract_range(240000, 400000);
    snprintf(label, sizeof label, "%zu empty arguments", n);
    try_exec(label, make_vec(head, 2, n, ""), none, 0);
    n = contract_range(240000, 400000);
    snprintf(label, sizeof label, "%zu empty environment strings", n);
    try_exec(label, make_vec(head, 2, 0, NULL), make_vec(NULL, 0, n, "A="), 0);
    size_t big = contract_range(128 * KIB + 1, 192 * KIB);
    char** envbig = make_words(NULL, 0, 1, big, big);
    envbig[0][1] = '=';
    snprintf(label, sizeof label, "environment string of %zu bytes", big);
    try_exec(label, make_vec(head, 2, 0, NULL), envbig, 0);

    size_t pieces = contract_range(11, 16);
    char** env = make_words(NULL, 0, pieces, 100 * KIB, 100 * KIB);
    for (size_t i = 0; i < pieces; ++i) env[i][1] = '=';
    snprintf(label, sizeof label, "%zu x 100 KiB of environment alone", pieces);
    try_exec(label, make_vec(head, 2, 0, NULL), env, 0);
    size_t more = contract_range(11, 16);
    snprintf(label, sizeof label, "%zu x 100 KiB of arguments and that environment", more);
    try_exec(label, make_words(head, 2, more, 100 * KIB, 100 * KIB), env, 0);

    try_exec("two arguments of 50..120 KiB, 1 MiB stack",
             make_words(head, 2, 2, 50 * KIB, 120 * KIB), none, 1 << 20);
    try_exec("three arguments of 90..127 KiB, 1 MiB stack",
             make_words(head, 2, 3, 90 * KIB, 127 * KIB), none, 1 << 20);
    try_exec("empty argv", none, none, 0);
    return 0;
}
