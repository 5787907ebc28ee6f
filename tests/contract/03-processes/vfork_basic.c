/* Contract: vfork's child may only _exit or execve (here it does both, in two runs);
 * the parent continues after the child has done so, and wait4 reports the child. The
 * _exit code, the word the exec'd child gets in argv and its exit code are chosen from
 * the nonce. Errors: the child's execve of a missing file fails with ENOENT, which it
 * passes on as its exit code. */
#include "contract.h"

int main(int argc, char** argv) {
    if (argc > 3 && strcmp(argv[1], "--child") == 0) {
        printf("exec'd child: argv[2]=%s\n", argv[2]);
        return atoi(argv[3]);
    }
    int code = (int)contract_range(0, 255);
    char word[24], exec_code[8];
    contract_word(word, (size_t)contract_range(4, 20));
    snprintf(exec_code, sizeof exec_code, "%d", (int)contract_range(0, 255));
    fflush(stdout);
    pid_t pid = vfork();
    if (pid == 0) _exit(code);
    printf("vfork+_exit: %s\n", describe_status(wait_for(pid)));

    char* args[] = {argv[0], "--child", word, exec_code, NULL};
    const char* self = self_path();
    fflush(stdout);
    pid = vfork();
    if (pid == 0) {
        execve(self, args, environ);
        _exit(99);
    }
    printf("vfork+execve: %s\n", describe_status(wait_for(pid)));

    fflush(stdout);
    pid = vfork();
    if (pid == 0) {
        execve("/nonexistent/program", args, environ);
        _exit(errno);
    }
    int st = wait_for(pid);
    printf("vfork+execve(missing): exit code %s\n", WIFEXITED(st) ? errname(WEXITSTATUS(st)) : "?");
    return 0;
}
