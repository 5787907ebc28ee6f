// kernel/exec/loader.hh — building a new program image: segments, brk, the initial stack.
//
//   exec::Args args;                       // argv and envp, copied into the kernel
//   TRY(args.add_argv("/bin/init"));
//   exec::Loaded image = TRY(exec::load(file_bytes, "/bin/init", args, cred));
//
// load() makes a fresh vm::AddressSpace, maps each PT_LOAD segment there (anonymous
// memory with MAP_FIXED, filled with write_bytes, then given its own protection; the
// bss stays zero because fresh pages are), places the break after the highest segment,
// and builds the initial stack the System V ABI describes (picture in
// book/03-processes.md):
//
//     STACK_TOP ->  8 zero bytes
//                   the execfn string (AT_EXECFN)
//                   argv strings, then envp strings, each with its NUL
//                   16 random bytes (AT_RANDOM), "x86_64" (AT_PLATFORM)
//                   padding to 16 bytes
//                   auxv pairs, ending with AT_NULL
//                   NULL, envp[envc-1] ... envp[0]
//                   NULL, argv[argc-1] ... argv[0]
//     rsp ->        argc                            (16-byte aligned)
//
// Nothing of the calling process changes: execve.cc swaps the new space in only once
// load() succeeded.
#pragma once

#include <span>

#include "lib/result.hh"
#include "lib/strview.hh"
#include "lib/types.hh"
#include "vm/user_copy.hh"

namespace vm {
class AddressSpace;
}

namespace exec {

/// A user array of string pointers ending in a null one: execve's argv and envp.
using UserStrings = vm::UserPtr<const vm::UserPtr<const char>>;

/// Linux's limits: one string at most MAX_ARG_STRLEN bytes (NUL included); strings and
/// pointers together at most a quarter of the stack limit (else E2BIG).
constexpr usize MAX_ARG_STRLEN = 32 * 4096;
constexpr usize MAX_ARG_STRINGS = 0x7fffffff;
/// The top of the user stack and the size reserved for it (demand paged).
constexpr u64 STACK_TOP = 0x00007ffffffff000ull;
/// Where a static PIE (ET_DYN without PT_INTERP) is placed (Linux's ELF_ET_DYN_BASE).
constexpr u64 PIE_BASE = 0x0000555555554000ull;

/// argv and envp strings in one growing kernel buffer.
class Args {
public:
    Args() = default;
    Args(const Args&) = delete;
    Args& operator=(const Args&) = delete;
    ~Args();
    /// The limit on strings plus pointers (a quarter of RLIMIT_STACK, at least 128 KiB).
    void set_limit(usize bytes) { limit_ = bytes; }
    Result<void> add_argv(StrView s) { return add(s, true); }
    Result<void> add_envp(StrView s) { return add(s, false); }
    /// Copies the NUL-terminated user string at @p user (EFAULT, E2BIG).
    Result<void> add_user(vm::UserPtr<const char> user, bool is_argv);
    usize argc() const { return argc_; }
    usize envc() const { return envc_; }
    /// All strings: argv's then envp's, each NUL-terminated.
    std::span<const char> strings() const { return {buf_, used_}; }

private:
    Result<void> add(StrView s, bool is_argv);
    Result<void> reserve(usize more);
    char* buf_ = nullptr;
    usize used_ = 0, cap_ = 0;
    usize argc_ = 0, envc_ = 0;
    usize limit_ = 2 * MiB;
};

/// What the caller needs to start the program.
struct Loaded {
    vm::AddressSpace* as = nullptr;  ///< holds one reference for the caller
    u64 entry = 0;                   ///< the first instruction
    u64 stack_pointer = 0;           ///< rsp at entry (points at argc)
};

/// Identity values for the auxiliary vector.
struct AuxIds {
    u32 uid = 0, euid = 0, gid = 0, egid = 0;
    bool secure = false;  ///< AT_SECURE: the program runs with ids it was given (set-id)
};

/// Loads the ELF executable @p file into a new address space. ENOEXEC for anything
/// the ELF parser refuses (and for a program that wants an interpreter: lab 08),
/// ENOMEM, E2BIG.
Result<Loaded> load(std::span<const u8> file, StrView execfn, const Args& args, const AuxIds& ids);

}  // namespace exec
