/* Contract: execve's limits on arguments (with an 8 MiB stack limit, as the runner
 * sets): a single argument of up to 128 KiB - 1 bytes (MAX_ARG_STRLEN with its NUL) and
 * 5..10 of 64..128 KiB (at most 1.25 MiB in all) are accepted, and the new program
 * counts and checksums what it got; an argument of 128 KiB or longer, or 21..40 of
 * 100..128 KiB (more than 2 MiB, a quarter of the stack limit) fail with E2BIG, and the
 * caller goes on. Sizes, counts and letters come from the nonce; the limits themselves
 * are tried exactly too. */
#include "contract.h"

#define KIB 1024UL

static char* make_arg(size_t len) { return contract_word(malloc(len + 1), len); }

static void try_exec(const char* label, char** args) {
    pid_t pid = fork_flushed();
    if (pid == 0) {
        printf("%s: ", label);
        fflush(stdout);
        execve(self_path(), args, environ);
        printf("-1 %s\n", errname(errno));
        fflush(stdout);
        _exit(0);
    }
    wait_for(pid);
}

int main(int argc, char** argv) {
    if (argc > 1 && strcmp(argv[1], "--sizes") == 0) {
        size_t total = 0;
        unsigned sum = 0;
        for (int i = 2; i < argc; ++i) {
            total += strlen(argv[i]);
            for (const char* c = argv[i]; *c; ++c) sum = sum * 31 + (unsigned char)*c;
        }
        printf("started with %d arguments, %zu bytes, checksum %08x\n", argc - 2, total, sum);
        return 0;
    }
    static char* args[64];
    char label[64];
    args[0] = argv[0];
    args[1] = "--sizes";
    size_t len = contract_range(64 * KIB, 128 * KIB - 1);
    args[2] = make_arg(len);
    args[3] = NULL;
    snprintf(label, sizeof label, "one of %zu bytes", len);
    try_exec(label, args);
    args[2] = make_arg(128 * KIB - 1);
    try_exec("one of 128 KiB - 1 bytes", args);
    args[2] = make_arg(128 * KIB);
    try_exec("one of 128 KiB", args);
    len = contract_range(128 * KIB + 1, 192 * KIB);
    args[2] = make_arg(len);
    snprintf(label, sizeof label, "one of %zu bytes", len);
    try_exec(label, args);

    int n = (int)contract_range(5, 10);
    for (int i = 2; i < 2 + n; ++i) args[i] = make_arg(contract_range(64 * KIB, 128 * KIB - 1));
    args[2 + n] = NULL;
    snprintf(label, sizeof label, "%d of 64..128 KiB", n);
    try_exec(label, args);
    n = (int)contract_range(21, 40);
    for (int i = 2; i < 2 + n; ++i) args[i] = make_arg(contract_range(100 * KIB, 128 * KIB - 1));
    args[2 + n] = NULL;
    snprintf(label, sizeof label, "%d of 100..128 KiB", n);
    try_exec(label, args);
    return 0;
}
