// kernel/syscall/strace_format.hh — a system call as strace prints it, as text.
//
//   strace::Line line;
//   strace::format_call(line, nr, args, read_user);   // openat(AT_FDCWD, "/etc/passwd", O_RDONLY
//   strace::format_result(line, nr, -ENOENT);        //  ... = -1 ENOENT (No such file or directory)
//
// The pure half of strace= (syscall/strace.hh is the kernel half: who is traced, when
// lines are written): no locks, no user memory of its own. Strings come through a
// callback that reads user memory fault-safely (in the kernel, copy_from_user; in the
// unit tests, a fake), so a bad pointer prints as its address, never a fault. The
// decoding of each call comes from syscall/strace_table.hh, resolved by name against
// the one syscall table (syscall/table.hh).
#pragma once

#include "lib/types.hh"

namespace strace {

/// How one argument prints.
enum class Kind : u8 {
    None,
    Int,         ///< signed decimal (of the low 32 bits: C's int)
    Uint,        ///< unsigned decimal (64 bits: a size or a count)
    Hex,         ///< 0x...
    Ptr,         ///< an address: NULL or 0x...
    Str,         ///< a NUL-terminated user string, "quoted", at most 32 characters shown
    InBuf,       ///< a user buffer whose length is the next argument, "quoted", 32 shown
    Argv,        ///< a NULL-terminated user array of strings: ["a", "b", ...]
    Fd,          ///< a file descriptor (decimal)
    Dirfd,       ///< AT_FDCWD or a file descriptor
    Octal,       ///< a mode: 0644
    OpenFlags,   ///< O_RDONLY|O_CLOEXEC
    Prot,        ///< PROT_READ|PROT_WRITE
    MapFlags,    ///< MAP_PRIVATE|MAP_ANONYMOUS
    CloneFlags,  ///< CLONE_VM|...|SIGCHLD (the exit signal in the low byte)
    WaitOpts,    ///< WNOHANG|__WALL
    Signal,      ///< SIGUSR1
    SigHow,      ///< SIG_BLOCK, SIG_UNBLOCK, SIG_SETMASK
    FutexOp,     ///< FUTEX_WAIT_PRIVATE, FUTEX_WAIT_BITSET|FUTEX_CLOCK_REALTIME
    ClockId,     ///< CLOCK_MONOTONIC
    AtFlags,     ///< AT_SYMLINK_NOFOLLOW|AT_EMPTY_PATH
};

/// When a call's line is written (syscall/strace_table.hh explains each).
enum class Mode : u8 { Plain, HexRet, Block, NoReturn, Raw };

/// How a call decodes: its name, mode and argument kinds.
struct Decoder {
    const char* name;  ///< null: Linux has no call of this number
    Mode mode;
    u8 argc;
    Kind kinds[6];
};

/// The decoder of call @p nr: its row of strace_table.hh, or a Raw decoder (six hex
/// arguments) for a call without one; name is null for a number Linux does not use.
Decoder decoder(u64 nr);

/// Strings shown of a string argument before strace's "..." (its -s default).
constexpr usize STRING_LIMIT = 32;
/// Strings shown of an argv before "...".
constexpr usize ARGV_LIMIT = 4;

/// Copies up to @p n bytes of user memory at @p address to @p dst; returns how many it
/// could (a fault stops it early). Never faults itself.
using ReadUser = usize (*)(u64 address, void* dst, usize n);

/// A line under construction; never overflows (the end is cut, marked "...").
struct Line {
    static constexpr usize CAPACITY = 316;  ///< characters before the cut ("..." and NUL follow)
    char text[CAPACITY + 4];
    usize len = 0;
    bool cut = false;
    void put(char c);
    void puts(const char* s);
    void dec(i64 v);
    void udec(u64 v);
    void hex(u64 v);
    void oct(u64 v);
    const char* c_str();
};

/// Appends "name(arg, arg, ..." (no closing parenthesis) for call @p nr.
void format_call(Line& out, u64 nr, const u64 args[6], ReadUser read);
/// Appends ") = result" for call @p nr returning @p rax: "= 3", "= 0x7f00...", or
/// "= -1 ENOENT (No such file or directory)".
void format_result(Line& out, u64 nr, i64 rax);
/// Linux's text for an errno ("No such file or directory"), or null when this table lacks it.
const char* errno_text(int code);

}  // namespace strace
