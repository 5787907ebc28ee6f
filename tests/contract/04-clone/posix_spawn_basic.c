/* Contract: posix_spawn (glibc makes the child with CLONE_VM|CLONE_VFORK, as the GCC
 * driver does). This program spawns itself with a word from the nonce: the child prints
 * it and exits with a code from the nonce, which waitpid reports; attributes take effect in
 * the child: a signal mask (POSIX_SPAWN_SETSIGMASK), a default disposition for a signal the
 * parent ignores (POSIX_SPAWN_SETSIGDEF), a process group of its own
 * (POSIX_SPAWN_SETPGROUP). Errors: spawning a path that does not exist gives ENOENT. */
#include "contract.h"
#include <spawn.h>

int main(int argc, char** argv) {
    if (argc > 3 && strcmp(argv[1], "--spawned") == 0) {
        sigset_t now;
        sigprocmask(SIG_BLOCK, NULL, &now);
        struct sigaction sa;
        sigaction(SIGTERM, NULL, &sa);
        printf("spawned with %s: SIGUSR2 blocked %s, SIGTERM %s, own group %s\n", argv[2],
               sigismember(&now, SIGUSR2) ? "yes" : "no",
               sa.sa_handler == SIG_DFL ? "default" : "ignored",
               getpgrp() == getpid() ? "yes" : "no");
        return atoi(argv[3]);
    }
    char word[24], code[8];
    contract_word(word, contract_range(3, 20));
    snprintf(code, sizeof code, "%d", (int)contract_range(0, 255));
    char* args[] = {argv[0], "--spawned", word, code, NULL};
    signal(SIGTERM, SIG_IGN);
    for (int with_attrs = 0; with_attrs < 2; ++with_attrs) {
        posix_spawnattr_t attr;
        posix_spawnattr_init(&attr);
        if (with_attrs) {
            sigset_t mask, def;
            sigemptyset(&mask);
            sigaddset(&mask, SIGUSR2);
            sigemptyset(&def);
            sigaddset(&def, SIGTERM);
            posix_spawnattr_setsigmask(&attr, &mask);
            posix_spawnattr_setsigdefault(&attr, &def);
            posix_spawnattr_setpgroup(&attr, 0);
            posix_spawnattr_setflags(
                &attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP);
        }
        pid_t pid;
        fflush(stdout);
        int e = posix_spawn(&pid, self_path(), NULL, &attr, args, environ);
        posix_spawnattr_destroy(&attr);
        if (e) {
            printf("posix_spawn: %s\n", errname(e));
            continue;
        }
        printf("%s: child %s (code %s)\n", with_attrs ? "with attributes" : "plain",
               describe_status(wait_for(pid)), code);
    }
    pid_t pid;
    char* none[] = {"nothing", NULL};
    SHOW_ERRNUM("posix_spawn(no such file)",
                posix_spawn(&pid, "/nonexistent/contract/program", NULL, NULL, none, environ));
    return 0;
}
