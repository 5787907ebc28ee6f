/* Contract: execve refuses what it cannot run and the caller goes on: ENOEXEC for a
 * text file, an empty file, an ELF header whose program headers are missing and an ELF
 * for another machine; EACCES for a file without execute permission and for a
 * directory. Success: the same call on this program itself works. */
#include "contract.h"

int main(int argc, char** argv) {
    if (argc > 1 && strcmp(argv[1], "--ran") == 0) {
        printf("re-executed\n");
        return 0;
    }
    char* args[] = {argv[0], NULL};
    const char* files[] = {"garbage", "empty", "truncated.elf", "aarch64.elf", "noexec", "dir"};
    for (unsigned i = 0; i < sizeof files / sizeof files[0]; ++i) {
        char label[64];
        snprintf(label, sizeof label, "execve(data/%s)", files[i]);
        SHOW(label, execve(data_path(files[i]), args, environ));
    }
    pid_t pid = fork_flushed();
    if (pid == 0) {
        char* again[] = {argv[0], "--ran", NULL};
        execve(self_path(), again, environ);
        _exit(1);
    }
    printf("execve(self): %s\n", describe_status(wait_for(pid)));
    return 0;
}
