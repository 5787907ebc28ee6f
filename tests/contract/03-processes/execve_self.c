/* Contract: execve replaces the program but keeps the process: same pid and parent,
 * the new argv and envp, and the new program's exit code reaches the parent's wait4.
 * The word in argv, the value in envp and the exit code (passed in argv) come from the
 * nonce. Errors: ENOENT for a missing file (a name from the nonce) and for an empty path,
 * ENOTDIR when a path component is a regular file. */
#include "contract.h"

int main(int argc, char** argv) {
    if (argc > 4 && strcmp(argv[1], "--again") == 0) {
        printf("again: argc %d, argv[2] \"%s\", env %s, pid kept: %s\n", argc, argv[2],
               getenv("STAGE"), atoi(argv[3]) == getpid() ? "yes" : "no");
        return atoi(argv[4]);
    }
    char word[40], stage[48], code[8], missing[64], name[16];
    contract_word(word, contract_range(1, 32));
    snprintf(stage, sizeof stage, "STAGE=");
    contract_word(stage + 6, contract_range(1, 32));
    snprintf(code, sizeof code, "%d", (int)contract_range(0, 255));
    pid_t pid = fork_flushed();
    if (pid == 0) {
        char pidbuf[16];
        snprintf(pidbuf, sizeof pidbuf, "%d", getpid());
        char* args[] = {argv[0], "--again", word, pidbuf, code, NULL};
        char* env[] = {stage, NULL};
        execve(self_path(), args, env);
        printf("execve failed: %s\n", errname(errno));
        _exit(1);
    }
    printf("child: %s\n", describe_status(wait_for(pid)));
    char* args[] = {argv[0], NULL};
    contract_word(name, contract_range(1, 15));
    snprintf(missing, sizeof missing, "/contract-nonexistent/%s", name);
    char label[96];
    snprintf(label, sizeof label, "execve(%s)", missing);
    SHOW(label, execve(missing, args, environ));
    SHOW("execve(\"\")", execve("", args, environ));
    char path[600];
    snprintf(path, sizeof path, "%s/%s", self_path(), name);
    SHOW("execve(through a file)", execve(path, args, environ));
    return 0;
}
