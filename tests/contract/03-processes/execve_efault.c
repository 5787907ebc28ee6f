/* Contract: execve reads its path, argv and envp through the user copy: a NULL path,
 * a path in the kernel (an address from the nonce), a path running into an unmapped
 * page without its NUL, an argv or envp array in unmapped memory or in the kernel, all
 * fail with EFAULT and the caller goes on. Success: the same program with sane arguments
 * runs and prints the word (from the nonce) it was given. */
#include "contract.h"

int main(int argc, char** argv) {
    if (argc > 2 && strcmp(argv[1], "--ok") == 0) {
        printf("ran with argv[1] --ok, argv[2] %s\n", argv[2]);
        return 0;
    }
    char word[40];
    contract_word(word, contract_range(1, 32));
    char* args[] = {argv[0], "--ok", word, NULL};
    void* kernel = (void*)(0xffff800000000000UL + contract_range(0, (1UL << 47) - 1));
    SHOW("execve(NULL path)", syscall(SYS_execve, NULL, args, environ));
    SHOW("execve(kernel path)", syscall(SYS_execve, kernel, args, environ));
    char* edge = before_hole(8);
    memcpy(edge, "/contrac", 8); /* no NUL before the unmapped page */
    SHOW("execve(path into the hole)", syscall(SYS_execve, edge, args, environ));
    SHOW("execve(argv = 1)", syscall(SYS_execve, self_path(), (void*)1, environ));
    SHOW("execve(envp kernel)", syscall(SYS_execve, self_path(), args, kernel));
    char** argv_edge = before_hole(sizeof(char*));
    argv_edge[0] = argv[0]; /* the NULL that should follow is in the hole */
    SHOW("execve(argv runs into the hole)", syscall(SYS_execve, self_path(), argv_edge, environ));
    pid_t pid = fork_flushed();
    if (pid == 0) {
        execve(self_path(), args, environ);
        _exit(1);
    }
    printf("execve(good): %s\n", describe_status(wait_for(pid)));
    contract_token();
    return 0;
}
