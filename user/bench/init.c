/* user/bench/init.c — /bench/init: PID 1 of a benchmark boot, on our kernel and on Linux.
 *
 * Reads the TSC first thing (boot_init_ms), makes sure fds 0-2 are the console (Linux
 * opens /dev/console for init; when the initramfs has no such node, devtmpfs gives
 * one), runs /bench/bench with the mode from `benchmode=` on the kernel command line
 * (smoke or full; both kernels hand key=value words to init as environment), reaps
 * every child, and powers off: reboot(RB_POWER_OFF) on Linux; where reboot is not
 * implemented (our kernel before lab 09), the exit of PID 1 ends the run.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"

static void say(const char* text) {
    size_t n = strlen(text);
    while (n > 0) {
        ssize_t w = write(1, text, n);
        if (w <= 0) return;
        text += w;
        n -= (size_t)w;
    }
}

static void console_fds(void) {
    struct stat st;
    if (fstat(1, &st) == 0) return;
    mkdir("/dev", 0755);
    mount("devtmpfs", "/dev", "devtmpfs", 0, 0);
    int fd = open("/dev/console", O_RDWR);
    if (fd < 0) return;
    for (int i = 0; i < 3; ++i)
        if (fd != i) dup2(fd, i);
    if (fd > 2) close(fd);
}

int main(void) {
    uint64_t boot_tsc = bench_rdtsc();
    console_fds();
    const char* mode = getenv("benchmode");
    if (!mode || (strcmp(mode, "smoke") && strcmp(mode, "full"))) mode = "full";
    char tsc[32];
    snprintf(tsc, sizeof tsc, "%llu", (unsigned long long)boot_tsc);
    char* argv[] = {"/bench/bench", (char*)mode, "--boot-tsc", tsc, 0};
    char* envp[] = {"HOME=/", "PATH=/bin", 0};

    pid_t child = fork();
    if (child == 0) {
        execve(argv[0], argv, envp);
        say("bench-init: cannot run /bench/bench\n");
        _exit(127);
    }
    int status = 0, child_status = 1 << 8;
    pid_t pid;
    while ((pid = wait(&status)) > 0 || (pid < 0 && errno == EINTR))
        if (pid == child) child_status = status;
    char line[96];
    snprintf(line, sizeof line, "bench-init: /bench/bench %s %d\n",
             WIFEXITED(child_status) ? "exited with status" : "killed by signal",
             WIFEXITED(child_status) ? WEXITSTATUS(child_status) : WTERMSIG(child_status));
    say(line);
    if (getpid() == 1) {
        reboot(RB_POWER_OFF);
    }
    return WIFEXITED(child_status) ? WEXITSTATUS(child_status) : 1;
}
