/* user/init.c — PID 1 of the initramfs: starts one program, reaps, powers off.
 *
 *   init                      runs /bin/runner (every contract program, TAP)
 *   init ARG...               runs /bin/runner ARG...  (e.g. --libc musl getpid_family)
 *   init /PATH ARG...         runs /PATH ARG...        (any program; the path is absolute)
 *   init --shell              busybox's sh on /dev/ttyS0, its controlling terminal (make run)
 *
 * In --shell mode the shell runs in a session of its own, whose controlling terminal is
 * the serial port (so it has job control), and init takes the signals busybox's
 * poweroff, halt and reboot send to PID 1 (SIGUSR2, SIGUSR1, SIGTERM) as the
 * machine's end; the shell's exit powers off too.
 *
 * The kernel starts it from `init=/bin/init` on its command line, with the console
 * as fds 0, 1 and 2. init forks, the child execs the program, and init waits for it
 * and for every orphan the system hands it, until none is left. Then, if it really is
 * PID 1, it asks for a power-off (reboot(2); under QEMU that ends the machine) and,
 * where that is not implemented, exits with the program's status, which the kernel
 * reports. Its own lines are TAP comments ("# init: ..."), so they never
 * disturb the runner's TAP stream.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/reboot.h>
#include <sys/wait.h>
#include <unistd.h>

static char* const ENVIRONMENT[] = {"HOME=/", "PATH=/bin:/usr/bin", "TERM=vt100", NULL};

static void say(const char* text) {
    size_t n = strlen(text);
    while (n > 0) {
        ssize_t w = write(1, text, n);
        if (w <= 0) return;
        text += w;
        n -= (size_t)w;
    }
}

static volatile sig_atomic_t end_signal;
static void on_end_signal(int sig) { end_signal = sig; }

/* The child side of --shell: a new session, the serial port as its terminal, sh. */
static void exec_shell(void) {
    setsid();
    int fd = open("/dev/ttyS0", O_RDWR); /* a session leader: it becomes the terminal */
    if (fd < 0) {
        say("# init: cannot open /dev/ttyS0\n");
        _exit(127);
    }
    for (int i = 0; i < 3; ++i)
        if (fd != i) dup2(fd, i);
    if (fd > 2) close(fd);
    char* sh_argv[] = {"sh", NULL};
    execve("/bin/sh", sh_argv, ENVIRONMENT);
    say("# init: cannot run /bin/sh\n");
    _exit(127);
}

static int shell_mode(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_end_signal; /* no SA_RESTART: wait4 returns EINTR */
    sigaction(SIGUSR1, &sa, NULL);
    sigaction(SIGUSR2, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    pid_t shell = fork();
    if (shell < 0) return 1;
    if (shell == 0) {
        signal(SIGUSR1, SIG_DFL);
        signal(SIGUSR2, SIG_DFL);
        signal(SIGTERM, SIG_DFL);
        exec_shell();
    }
    while (!end_signal) {
        int status;
        pid_t pid = wait4(-1, &status, 0, NULL);
        if (pid == shell || (pid < 0 && errno == ECHILD)) break;
    }
    int sig = end_signal;
    say(sig == SIGTERM ? "# init: rebooting\n" : "# init: powering off\n");
    kill(-1, SIGTERM);
    sync();
    if (getpid() == 1)
        reboot(sig == SIGTERM ? RB_AUTOBOOT : sig == SIGUSR1 ? RB_HALT_SYSTEM : RB_POWER_OFF);
    return 0;
}

int main(int argc, char** argv) {
    if (argc == 2 && !strcmp(argv[1], "--shell")) return shell_mode();
    char* runner_argv[64];
    char** child_argv;
    if (argc > 1 && argv[1][0] == '/') {
        child_argv = argv + 1;
    } else {
        int n = 0;
        runner_argv[n++] = "/bin/runner";
        for (int i = 1; i < argc && n < 63; ++i) runner_argv[n++] = argv[i];
        runner_argv[n] = NULL;
        child_argv = runner_argv;
    }

    pid_t child = fork();
    if (child < 0) {
        say("# init: fork failed\n");
        return 1;
    }
    if (child == 0) {
        execve(child_argv[0], child_argv, ENVIRONMENT);
        char line[160];
        snprintf(line, sizeof line, "# init: cannot run %s (errno %d)\n", child_argv[0], errno);
        say(line);
        _exit(127);
    }

    int child_status = 0;
    for (;;) {
        int status;
        pid_t pid = wait4(-1, &status, 0, NULL);
        if (pid < 0) {
            if (errno == EINTR) continue;
            break; /* ECHILD: the program and every orphan are gone */
        }
        if (pid == child) child_status = status;
    }
    char line[160];
    if (WIFEXITED(child_status))
        snprintf(line, sizeof line, "# init: %s exited with status %d\n", child_argv[0],
                 WEXITSTATUS(child_status));
    else
        snprintf(line, sizeof line, "# init: %s killed by signal %d\n", child_argv[0],
                 WTERMSIG(child_status));
    say(line);

    if (getpid() == 1) reboot(RB_POWER_OFF); /* never from a test run on a host */
    return WIFEXITED(child_status) ? WEXITSTATUS(child_status) : 128 + WTERMSIG(child_status);
}
