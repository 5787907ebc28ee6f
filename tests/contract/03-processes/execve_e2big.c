/* Contract: execve's limits on arguments (with an 8 MiB stack limit, as the runner
 * sets): a single argument of 100 KiB and ten of them (1 MiB in all) are accepted; an
 * argument longer than 128 KiB (MAX_ARG_STRLEN) or 4 MiB of arguments in all fails
 * with E2BIG, and the caller goes on. */
#include "contract.h"

static char* make_arg(size_t len, char c) {
    char* s = malloc(len + 1);
    memset(s, c, len);
    s[len] = 0;
    return s;
}

static void try_exec(const char* label, char** args) {
    pid_t pid = fork_flushed();
    if (pid == 0) {
        execve(self_path(), args, environ);
        printf("%s: -1 %s\n", label, errname(errno));
        fflush(stdout);
        _exit(0);
    }
    wait_for(pid);
}

int main(int argc, char** argv) {
    if (argc > 1 && strcmp(argv[1], "--sizes") == 0) {
        size_t total = 0;
        for (int i = 2; i < argc; ++i) total += strlen(argv[i]);
        printf("started with %d arguments, %zu bytes\n", argc - 2, total);
        return 0;
    }
    static char* args[64];
    args[0] = argv[0];
    args[1] = "--sizes";
    args[2] = make_arg(100 * 1024, 'a');
    args[3] = NULL;
    try_exec("one of 100 KiB", args);
    for (int i = 2; i < 12; ++i) args[i] = make_arg(100 * 1024, (char)('a' + i));
    args[12] = NULL;
    try_exec("ten of 100 KiB", args);
    args[2] = make_arg(128 * 1024 + 1, 'x');
    args[3] = NULL;
    try_exec("one of 128 KiB + 1", args);
    for (int i = 2; i < 42; ++i) args[i] = make_arg(100 * 1024, 'y');
    args[42] = NULL;
    try_exec("forty of 100 KiB", args);
    return 0;
}
