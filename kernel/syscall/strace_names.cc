// kernel/syscall/strace_names.cc — the name tables of strace= (see strace_names.hh).
//
// Numbers are Linux's ABI for x86_64 (the uapi headers); texts of errno values are
// Linux's strerror texts, as strace prints them after the name.
#include "syscall/strace_names.hh"

#include "lib/errno.hh"
#include "syscall/strace_format.hh"

namespace strace {

#define COUNT(table) sizeof(table) / sizeof(table[0])

// clang-format off
const FlagName OPEN_FLAGS[] = {
    {0100, "O_CREAT"}, {0200, "O_EXCL"}, {0400, "O_NOCTTY"}, {01000, "O_TRUNC"},
    {02000, "O_APPEND"}, {04000, "O_NONBLOCK"}, {04010000, "O_SYNC"}, {010000, "O_DSYNC"},
    {020000, "O_ASYNC"}, {040000, "O_DIRECT"}, {0100000, "O_LARGEFILE"},
    {020200000, "O_TMPFILE"}, {0200000, "O_DIRECTORY"}, {0400000, "O_NOFOLLOW"},
    {01000000, "O_NOATIME"}, {02000000, "O_CLOEXEC"}, {010000000, "O_PATH"},
};
const usize OPEN_FLAGS_COUNT = COUNT(OPEN_FLAGS);

const FlagName PROT_FLAGS[] = {
    {1, "PROT_READ"}, {2, "PROT_WRITE"}, {4, "PROT_EXEC"}, {0x01000000, "PROT_GROWSDOWN"},
    {0x02000000, "PROT_GROWSUP"},
};
const usize PROT_FLAGS_COUNT = COUNT(PROT_FLAGS);

const FlagName MAP_FLAGS[] = {
    {3, "MAP_SHARED_VALIDATE"}, {1, "MAP_SHARED"}, {2, "MAP_PRIVATE"}, {0x10, "MAP_FIXED"},
    {0x20, "MAP_ANONYMOUS"}, {0x40, "MAP_32BIT"}, {0x100, "MAP_GROWSDOWN"},
    {0x800, "MAP_DENYWRITE"}, {0x1000, "MAP_EXECUTABLE"}, {0x2000, "MAP_LOCKED"},
    {0x4000, "MAP_NORESERVE"}, {0x8000, "MAP_POPULATE"}, {0x10000, "MAP_NONBLOCK"},
    {0x20000, "MAP_STACK"}, {0x40000, "MAP_HUGETLB"}, {0x80000, "MAP_SYNC"},
    {0x100000, "MAP_FIXED_NOREPLACE"},
};
const usize MAP_FLAGS_COUNT = COUNT(MAP_FLAGS);

const FlagName CLONE_FLAGS[] = {
    {0x100, "CLONE_VM"}, {0x200, "CLONE_FS"}, {0x400, "CLONE_FILES"}, {0x800, "CLONE_SIGHAND"},
    {0x1000, "CLONE_PIDFD"}, {0x2000, "CLONE_PTRACE"}, {0x4000, "CLONE_VFORK"},
    {0x8000, "CLONE_PARENT"}, {0x10000, "CLONE_THREAD"}, {0x20000, "CLONE_NEWNS"},
    {0x40000, "CLONE_SYSVSEM"}, {0x80000, "CLONE_SETTLS"}, {0x100000, "CLONE_PARENT_SETTID"},
    {0x200000, "CLONE_CHILD_CLEARTID"}, {0x400000, "CLONE_DETACHED"},
    {0x800000, "CLONE_UNTRACED"}, {0x1000000, "CLONE_CHILD_SETTID"},
    {0x2000000, "CLONE_NEWCGROUP"}, {0x4000000, "CLONE_NEWUTS"}, {0x8000000, "CLONE_NEWIPC"},
    {0x10000000, "CLONE_NEWUSER"}, {0x20000000, "CLONE_NEWPID"}, {0x40000000, "CLONE_NEWNET"},
    {0x80000000, "CLONE_IO"},
};
const usize CLONE_FLAGS_COUNT = COUNT(CLONE_FLAGS);

const FlagName WAIT_FLAGS[] = {
    {1, "WNOHANG"}, {2, "WSTOPPED"}, {4, "WEXITED"}, {8, "WCONTINUED"}, {0x1000000, "WNOWAIT"},
    {0x20000000, "__WNOTHREAD"}, {0x40000000, "__WALL"}, {0x80000000, "__WCLONE"},
};
const usize WAIT_FLAGS_COUNT = COUNT(WAIT_FLAGS);

const FlagName AT_FLAGS[] = {
    {0x100, "AT_SYMLINK_NOFOLLOW"}, {0x200, "AT_REMOVEDIR"}, {0x400, "AT_SYMLINK_FOLLOW"},
    {0x800, "AT_NO_AUTOMOUNT"}, {0x1000, "AT_EMPTY_PATH"},
};
const usize AT_FLAGS_COUNT = COUNT(AT_FLAGS);

namespace {

const char* const SIGNALS[] = {
    nullptr, "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS", "SIGFPE",
    "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT",
    "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU",
    "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS",
};
const char* const RT_SIGNALS[] = {
    "SIGRTMIN", "SIGRT_1", "SIGRT_2", "SIGRT_3", "SIGRT_4", "SIGRT_5", "SIGRT_6", "SIGRT_7",
    "SIGRT_8", "SIGRT_9", "SIGRT_10", "SIGRT_11", "SIGRT_12", "SIGRT_13", "SIGRT_14", "SIGRT_15",
    "SIGRT_16", "SIGRT_17", "SIGRT_18", "SIGRT_19", "SIGRT_20", "SIGRT_21", "SIGRT_22", "SIGRT_23",
    "SIGRT_24", "SIGRT_25", "SIGRT_26", "SIGRT_27", "SIGRT_28", "SIGRT_29", "SIGRT_30", "SIGRT_31",
    "SIGRT_32",
};
const char* const FUTEX_CMDS[] = {
    "FUTEX_WAIT", "FUTEX_WAKE", "FUTEX_FD", "FUTEX_REQUEUE", "FUTEX_CMP_REQUEUE", "FUTEX_WAKE_OP",
    "FUTEX_LOCK_PI", "FUTEX_UNLOCK_PI", "FUTEX_TRYLOCK_PI", "FUTEX_WAIT_BITSET",
    "FUTEX_WAKE_BITSET", "FUTEX_WAIT_REQUEUE_PI", "FUTEX_CMP_REQUEUE_PI", "FUTEX_LOCK_PI2",
};
const char* const CLOCKS[] = {
    "CLOCK_REALTIME", "CLOCK_MONOTONIC", "CLOCK_PROCESS_CPUTIME_ID", "CLOCK_THREAD_CPUTIME_ID",
    "CLOCK_MONOTONIC_RAW", "CLOCK_REALTIME_COARSE", "CLOCK_MONOTONIC_COARSE", "CLOCK_BOOTTIME",
    "CLOCK_REALTIME_ALARM", "CLOCK_BOOTTIME_ALARM", nullptr, "CLOCK_TAI",
};

struct ErrnoText {
    int code;
    const char* text;
};
const ErrnoText ERRNO_TEXTS[] = {
    {EPERM, "Operation not permitted"}, {ENOENT, "No such file or directory"},
    {ESRCH, "No such process"}, {EINTR, "Interrupted system call"}, {EIO, "Input/output error"},
    {ENXIO, "No such device or address"}, {E2BIG, "Argument list too long"},
    {ENOEXEC, "Exec format error"}, {EBADF, "Bad file descriptor"}, {ECHILD, "No child processes"},
    {EAGAIN, "Resource temporarily unavailable"}, {ENOMEM, "Cannot allocate memory"},
    {EACCES, "Permission denied"}, {EFAULT, "Bad address"}, {EBUSY, "Device or resource busy"},
    {EEXIST, "File exists"}, {EXDEV, "Invalid cross-device link"}, {ENODEV, "No such device"},
    {ENOTDIR, "Not a directory"}, {EISDIR, "Is a directory"}, {EINVAL, "Invalid argument"},
    {ENFILE, "Too many open files in system"}, {EMFILE, "Too many open files"},
    {ENOTTY, "Inappropriate ioctl for device"}, {ETXTBSY, "Text file busy"},
    {EFBIG, "File too large"}, {ENOSPC, "No space left on device"}, {ESPIPE, "Illegal seek"},
    {EROFS, "Read-only file system"}, {EMLINK, "Too many links"}, {EPIPE, "Broken pipe"},
    {EDOM, "Numerical argument out of domain"}, {ERANGE, "Numerical result out of range"},
    {EDEADLK, "Resource deadlock avoided"}, {ENAMETOOLONG, "File name too long"},
    {ENOLCK, "No locks available"}, {ENOSYS, "Function not implemented"},
    {ENOTEMPTY, "Directory not empty"}, {ELOOP, "Too many levels of symbolic links"},
    {ETIMEDOUT, "Connection timed out"}, {EOVERFLOW, "Value too large for defined data type"},
    {EOPNOTSUPP, "Operation not supported"}, {ECONNREFUSED, "Connection refused"},
    {ETIME, "Timer expired"}, {ECANCELED, "Operation canceled"},
};
// clang-format on

}  // namespace

const char* signal_name(int sig) {
    if (sig > 0 && sig < int(COUNT(SIGNALS))) return SIGNALS[sig];
    if (sig >= 32 && sig <= 64) return RT_SIGNALS[sig - 32];
    return nullptr;
}

const char* futex_cmd_name(int cmd) {
    return cmd >= 0 && cmd < int(COUNT(FUTEX_CMDS)) ? FUTEX_CMDS[cmd] : nullptr;
}

const char* clock_name(int clock) {
    return clock >= 0 && clock < int(COUNT(CLOCKS)) ? CLOCKS[clock] : nullptr;
}

const char* errno_text(int code) {
    for (const ErrnoText& e : ERRNO_TEXTS)
        if (e.code == code) return e.text;
    return nullptr;
}

}  // namespace strace
