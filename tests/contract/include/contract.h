/* tests/contract/include/contract.h — helpers shared by the contract programs.
 *
 * A contract program prints lines that must be the same on Linux and on Larch, so it
 * prints results, never pids, addresses or times:
 *
 *   SHOW("write(-1)", write(-1, "x", 1));        // "write(-1): -1 EBADF"  or  "...: 1"
 *   SHOW_OK("fork", pid = fork());               // "fork: ok" (the value is not printed)
 *   SHOW_MAP("mmap(len 0)", mmap(NULL, 0, ...)); // "mmap(len 0): MAP_FAILED EINVAL"
 *   SHOW_ERRNUM("clock_nanosleep", clock_nanosleep(...));  // returns an errno itself
 *   printf("read: %s\n", probe_read(p));         // "ok" or "SIGSEGV", in a child
 *
 * errno names come from the table below, not strerror(), whose texts differ between
 * musl and glibc. Every helper that forks flushes stdout first. Only the system calls
 * of lab 03 are used here (fork, wait4, exit, write through stdio).
 */
#ifndef CONTRACT_H
#define CONTRACT_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define PAGE 4096UL

/** The grader's nonce for this run: CONTRACT_NONCE in the environment (a decimal u64),
 * or a fixed value when it is absent (a program started by hand). The grader picks it at
 * grade time and makes the expected output on the Linux host with the same value, so a
 * program that mixes it into what it prints cannot have its output recorded in advance.
 * Mix it in through the mechanism under test (a value written before fork and read back
 * after, an exit status seen through wait4, a word passed through execve). */
static inline unsigned long long contract_nonce(void) {
    static unsigned long long nonce;
    static int known;
    if (!known) {
        const char* s = getenv("CONTRACT_NONCE");
        nonce = 0x5eedc0de2024ULL;
        if (s && *s) {
            char* end;
            errno = 0;
            unsigned long long v = strtoull(s, &end, 10);
            if (!*end && !errno) nonce = v;
        }
        known = 1;
    }
    return nonce;
}

/** splitmix64's finalizer: every bit of @p z stirred into every bit of the result. */
static inline unsigned long long contract_mix(unsigned long long z) {
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/** The next number of a sequence seeded by the nonce (splitmix64): data, sizes and
 * choices that change with every grading run yet are the same on host and guest. */
static inline unsigned long long contract_random(void) {
    static unsigned long long state;
    static int seeded;
    if (!seeded) state = contract_nonce(), seeded = 1;
    return contract_mix(state += 0x9e3779b97f4a7c15ULL);
}

/** A number in [lo, hi] from contract_random(). */
static inline unsigned long long contract_range(unsigned long long lo, unsigned long long hi) {
    return lo + contract_random() % (hi - lo + 1);
}

/** @p len lowercase letters from contract_random() and a NUL, in @p buf: words for argv,
 * envp, messages and data that the kernel must pass on unchanged. Returns @p buf. */
static inline char* contract_word(char* buf, size_t len) {
    for (size_t i = 0; i < len; ++i) buf[i] = (char)('a' + contract_random() % 26);
    buf[len] = 0;
    return buf;
}

/** The digest of what this program observed (contract_observe, and every SHOW result). */
static inline unsigned long long* contract_digest(void) {
    static unsigned long long digest;
    return &digest;
}

/** Folds a result the program observed (a return value, an errno, a byte read back, a
 * wait status) into the digest that contract_token() prints. */
static inline void contract_observe(unsigned long long v) {
    unsigned long long* d = contract_digest();
    *d = contract_mix(*d ^ contract_mix(v + 0x9e3779b97f4a7c15ULL));
}

/** Prints "token: <16 hex digits>", the nonce mixed with everything observed so far:
 * for programs whose results are the same for every nonce (errno names, yes/no), a last
 * line that cannot be recorded in advance yet changes only when they do. */
static inline void contract_token(void) {
    printf("token: %016llx\n", contract_mix(contract_nonce() ^ *contract_digest()));
}

// A list of names, several a line:
// clang-format off
static inline const char* errname(int e) {
    switch (e) {
#define E(x) case x: return #x;
        E(EPERM) E(ENOENT) E(ESRCH) E(EINTR) E(EIO) E(ENXIO) E(E2BIG) E(ENOEXEC) E(EBADF)
        E(ECHILD) E(EAGAIN) E(ENOMEM) E(EACCES) E(EFAULT) E(EBUSY) E(EEXIST) E(ENOTDIR)
        E(EISDIR) E(EINVAL) E(ENFILE) E(EMFILE) E(ENOTTY) E(EFBIG) E(ENOSPC) E(ESPIPE)
        E(EROFS) E(EPIPE) E(ERANGE) E(ENAMETOOLONG) E(ENOSYS) E(ELOOP) E(EOVERFLOW)
        E(EOPNOTSUPP) E(ETIMEDOUT)
#undef E
    case 0: return "0";
    default: {
        static char buf[16];
        snprintf(buf, sizeof buf, "E%d", e);
        return buf;
    }
    }
}
// clang-format on

static inline const char* signame(int s) {
    static const char* const names[] = {
        "0",         "SIGHUP",  "SIGINT",    "SIGQUIT", "SIGILL",   "SIGTRAP", "SIGABRT", "SIGBUS",
        "SIGFPE",    "SIGKILL", "SIGUSR1",   "SIGSEGV", "SIGUSR2",  "SIGPIPE", "SIGALRM", "SIGTERM",
        "SIGSTKFLT", "SIGCHLD", "SIGCONT",   "SIGSTOP", "SIGTSTP",  "SIGTTIN", "SIGTTOU", "SIGURG",
        "SIGXCPU",   "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO",   "SIGPWR",  "SIGSYS"};
    if (s >= 0 && s < 32) return names[s];
    static char buf[16];
    snprintf(buf, sizeof buf, "SIG%d", s);
    return buf;
}

static inline void show_result(const char* label, long r, int e) {
    contract_observe((unsigned long)r);
    if (r == -1) printf("%s: -1 %s\n", label, errname(e));
    else printf("%s: %ld\n", label, r);
    if (r == -1) contract_observe((unsigned)e);
}
static inline void show_ok(const char* label, long r, int e) {
    contract_observe(r == -1 ? (unsigned)e : 0x6f6bULL);
    if (r == -1) printf("%s: -1 %s\n", label, errname(e));
    else printf("%s: ok\n", label);
}

/** The value, or -1 and the errno's name. */
#define SHOW(label, expr)              \
    do {                               \
        errno = 0;                     \
        long r_ = (long)(expr);        \
        show_result(label, r_, errno); \
    } while (0)
/** "ok" for any value but -1 (for pids, addresses), or -1 and the errno's name. */
#define SHOW_OK(label, expr)       \
    do {                           \
        errno = 0;                 \
        long r_ = (long)(expr);    \
        show_ok(label, r_, errno); \
    } while (0)
/** For calls that return an errno number (0 on success): its name. */
#define SHOW_ERRNUM(label, expr)                \
    do {                                        \
        int r_ = (expr);                        \
        contract_observe((unsigned)r_);         \
        printf("%s: %s\n", label, errname(r_)); \
    } while (0)
/** For mmap: "ok" or "MAP_FAILED" and the errno's name. */
#define SHOW_MAP(label, expr)                                                    \
    do {                                                                         \
        errno = 0;                                                               \
        void* r_ = (expr);                                                       \
        int e_ = errno;                                                          \
        contract_observe(r_ == MAP_FAILED ? (unsigned)e_ : 0x6f6bULL);           \
        if (r_ == MAP_FAILED) printf("%s: MAP_FAILED %s\n", label, errname(e_)); \
        else printf("%s: ok\n", label);                                          \
    } while (0)

/** A wait status in words: "exit 3", "SIGSEGV" (the core-dump bit is left out: Linux
 * sets it only when the host's core settings say so). */
static inline const char* describe_status(int status) {
    static char buf[64];
    if (WIFEXITED(status)) snprintf(buf, sizeof buf, "exit %d", WEXITSTATUS(status));
    else if (WIFSIGNALED(status)) snprintf(buf, sizeof buf, "%s", signame(WTERMSIG(status)));
    else snprintf(buf, sizeof buf, "status %#x", status);
    return buf;
}

/** Waits for @p pid; returns its status (or -1 with errno). */
static inline int wait_for(pid_t pid) {
    int status = 0;
    pid_t r;
    do r = waitpid(pid, &status, 0);
    while (r < 0 && errno == EINTR);
    return r < 0 ? -1 : status;
}

/** fork with stdout flushed first, so no buffered line is printed twice. */
static inline pid_t fork_flushed(void) {
    fflush(stdout);
    fflush(stderr);
    return fork();
}

enum probe_kind { PROBE_READ, PROBE_WRITE, PROBE_EXEC };

/** Touches @p p in a child: "ok" when it survives, else the signal that killed it. */
static inline const char* probe(enum probe_kind kind, volatile char* p) {
    pid_t pid = fork_flushed();
    if (pid == 0) {
        if (kind == PROBE_READ) (void)*p;
        else if (kind == PROBE_WRITE) *p = 1;
        else ((void (*)(void))(uintptr_t)p)();
        _exit(0);
    }
    int st = wait_for(pid);
    if (WIFEXITED(st) && WEXITSTATUS(st) == 0) return "ok";
    return describe_status(st);
}
static inline const char* probe_read(const volatile void* p) {
    return probe(PROBE_READ, (volatile char*)p);
}
static inline const char* probe_write(volatile void* p) {
    return probe(PROBE_WRITE, (volatile char*)p);
}
static inline const char* probe_exec(const volatile void* p) {
    return probe(PROBE_EXEC, (volatile char*)p);
}

/** The path this program was started from (AT_EXECFN). */
static inline const char* self_path(void) { return (const char*)getauxval(AT_EXECFN); }

/** A file next to the contract programs: "<root>/contract/data/NAME", where the program
 * runs as "<root>/contract/<libc>/<program>". */
static inline const char* data_path(const char* name) {
    static char buf[4][512];
    static int next;
    char* out = buf[next++ % 4];
    snprintf(out, 512, "%s", self_path());
    for (int i = 0; i < 2; ++i) {
        char* slash = strrchr(out, '/');
        if (slash) *slash = 0;
    }
    size_t n = strlen(out);
    snprintf(out + n, 512 - n, "/data/%s", name);
    return out;
}

/** The execve-refusal programs' common shape: execve of each data file, in an order
 * chosen from the nonce (each must fail and leave the caller running, its result
 * printed), then execve of this program itself with "--ran" and a word from the nonce in
 * a child, which must work and print the word. Returns main's exit status; when the
 * program was started with "--ran" it only says so. At most 16 files. */
static inline int execve_each_then_self(int argc, char** argv, const char* const* files,
                                        unsigned count) {
    if (argc > 2 && strcmp(argv[1], "--ran") == 0) {
        printf("re-executed with %s\n", argv[2]);
        return 0;
    }
    unsigned order[16];
    for (unsigned i = 0; i < count && i < 16; ++i) order[i] = i;
    for (unsigned i = count < 16 ? count : 16; i > 1; --i) {
        unsigned j = (unsigned)contract_range(0, i - 1), t = order[i - 1];
        order[i - 1] = order[j];
        order[j] = t;
    }
    char* args[] = {argv[0], NULL};
    for (unsigned i = 0; i < count && i < 16; ++i) {
        char label[64];
        snprintf(label, sizeof label, "execve(data/%s)", files[order[i]]);
        SHOW(label, execve(data_path(files[order[i]]), args, environ));
    }
    char word[24];
    contract_word(word, contract_range(1, 20));
    pid_t pid = fork_flushed();
    if (pid == 0) {
        char* again[] = {argv[0], "--ran", word, NULL};
        execve(self_path(), again, environ);
        _exit(1);
    }
    printf("execve(self): %s\n", describe_status(wait_for(pid)));
    return 0;
}

/** Enough pages for @p n bytes mapped read-write, and the page after them unmapped again:
 * returns the address of the last @p n bytes before the hole. */
static inline void* before_hole(size_t n) {
    size_t len = (n + PAGE - 1) / PAGE * PAGE;
    if (len == 0) len = PAGE;
    char* p = mmap(NULL, len + PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return NULL;
    munmap(p + len, PAGE);
    memset(p, 'x', len);
    return p + len - n;
}

/** An address in the kernel's half, and one that is not canonical. */
#define KERNEL_ADDR ((void*)0xffffffff81000000UL)
#define NONCANONICAL_ADDR ((void*)0x0000800000000000UL)

#endif
