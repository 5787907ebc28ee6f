/* Contract: execve refuses malformed ELF headers with ENOEXEC before anything of the
 * caller is lost, and the caller goes on: no program headers (e_phnum 0), more program
 * headers than fit in 64 KiB, a program header size that is not 56, program headers
 * past the end of the file or at an offset that wraps, a relocatable object (ET_REL),
 * a core file (ET_CORE), and a file of only the 16 identification bytes. Success: the
 * same call on this program itself works. */
#include "contract.h"

int main(int argc, char** argv) {
    if (argc > 1 && strcmp(argv[1], "--ran") == 0) {
        printf("re-executed\n");
        return 0;
    }
    char* args[] = {argv[0], NULL};
    const char* files[] = {"phnum0.elf", "phnum_huge.elf", "phentsize.elf", "phoff_eof.elf",
                           "phoff_wrap.elf", "etrel.elf", "etcore.elf", "ident_only.elf"};
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
