/* user/first.c — lab 03's first user program: PID 1 with nothing but write and exit_group.
 *
 * The kernel starts it from `init=/bin/first` (no /bin/init, no runner, no fork, no
 * libc): it prints one line that carries the value of its `nonce=` environment word
 * (the kernel puts the command line's key=value words in PID 1's environment, and
 * the grader puts a fresh nonce there), then exits with status 0. So the test
 * `first_program` of labs/03-processes/lab.toml passes only when the kernel really
 * entered ring 3, built the initial stack (argc, argv, envp) and served two system
 * calls. On Linux the same binary prints the same line: `nonce=abc ./first`.
 *
 * Built freestanding (-nostdlib): _start below is the entry point, and the two
 * system calls are made with the syscall instruction directly.
 */
typedef unsigned long size_t;

enum { SYS_WRITE = 1, SYS_EXIT_GROUP = 231 };

static long syscall3(long nr, long a, long b, long c) {
    long ret;
    __asm__ volatile("syscall"
                     : "=a"(ret)
                     : "a"(nr), "D"(a), "S"(b), "d"(c)
                     : "rcx", "r11", "memory");
    return ret;
}

static size_t length(const char* s) {
    size_t n = 0;
    while (s[n]) ++n;
    return n;
}

static int starts_with(const char* s, const char* prefix) {
    while (*prefix)
        if (*s++ != *prefix++) return 0;
    return 1;
}

static void say(const char* s) { syscall3(SYS_WRITE, 1, (long)s, (long)length(s)); }

/* Called by _start with the initial stack pointer: argc, argv[], NULL, envp[], NULL. */
__attribute__((used, noreturn)) void first_main(long* sp) {
    long argc = sp[0];
    char** envp = (char**)(sp + 1 + argc + 1);
    const char* nonce = "(none)";
    for (char** e = envp; *e; ++e)
        if (starts_with(*e, "nonce=")) nonce = *e + 6;
    say("first: hello from ring 3, nonce=");
    say(nonce);
    say("\n");
    syscall3(SYS_EXIT_GROUP, 0, 0, 0);
    for (;;) {}
}

__asm__(
    ".text\n"
    ".globl _start\n"
    "_start:\n"
    "    xor %rbp, %rbp\n"
    "    mov %rsp, %rdi\n"
    "    and $-16, %rsp\n"
    "    call first_main\n"
    "    hlt\n");
