/* Contract: execve replaces the program but keeps the process: same pid and parent,
 * the new argv and envp, and the new program's exit code reaches the parent's wait4.
 * Errors: ENOENT for a missing file and for an empty path, ENOTDIR when a path
 * component is a regular file. */
#include "contract.h"

int main(int argc, char** argv) {
    if (argc > 1 && strcmp(argv[1], "--again") == 0) {
        printf("again: argc %d, argv[2] \"%s\", env %s, pid kept: %s\n", argc, argv[2],
               getenv("STAGE"), atoi(argv[3]) == getpid() ? "yes" : "no");
        return 17;
    }
    pid_t pid = fork_flushed();
    if (pid == 0) {
        char pidbuf[16];
        snprintf(pidbuf, sizeof pidbuf, "%d", getpid());
        char* args[] = {argv[0], "--again", "new argument", pidbuf, NULL};
        char* env[] = {"STAGE=two", NULL};
        execve(self_path(), args, env);
        printf("execve failed: %s\n", errname(errno));
        _exit(1);
    }
    printf("child: %s\n", describe_status(wait_for(pid)));
    char* args[] = {argv[0], NULL};
    SHOW("execve(missing)", execve("/contract-nonexistent/program", args, environ));
    SHOW("execve(\"\")", execve("", args, environ));
    char path[600];
    snprintf(path, sizeof path, "%s/x", self_path());
    SHOW("execve(through a file)", execve(path, args, environ));
    return 0;
}
