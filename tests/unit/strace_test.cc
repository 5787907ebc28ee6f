// tests/unit/strace_test.cc — strace= lines: arguments, flags, strings, results, as strace prints them.
// UNIT_SOURCES: kernel/syscall/strace_format.cc kernel/syscall/strace_names.cc kernel/lib/errno.cc
#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include <cstring>
#include <map>
#include <string>

#include "syscall/strace_format.hh"

namespace {

// A fake user address space: a few blocks at made-up addresses; anything else faults.
std::map<u64, std::string> memory;

usize read_fake(u64 address, void* dst, usize n) {
    for (auto& [base, bytes] : memory) {
        if (address >= base && address < base + bytes.size()) {
            usize got = std::min<usize>(n, base + bytes.size() - address);
            std::memcpy(dst, bytes.data() + (address - base), got);
            return got;
        }
    }
    return 0;
}

std::string call(u64 nr, u64 a0 = 0, u64 a1 = 0, u64 a2 = 0, u64 a3 = 0, u64 a4 = 0, u64 a5 = 0) {
    const u64 args[6] = {a0, a1, a2, a3, a4, a5};
    strace::Line line;
    strace::format_call(line, nr, args, read_fake);
    return line.c_str();
}

std::string result(u64 nr, i64 rax) {
    strace::Line line;
    strace::format_result(line, nr, rax);
    return line.c_str();
}

std::string str(const char* s) { return std::string(s, std::strlen(s) + 1); }

constexpr u64 PATH = 0x1000, LONG = 0x2000, BYTES = 0x3000, ARGV = 0x4000, ARG0 = 0x5000;

void setup_memory() {
    memory.clear();
    memory[PATH] = str("/etc/passwd");
    memory[LONG] = str("abcdefghijklmnopqrstuvwxyz0123456789");
    memory[BYTES] = std::string(
        "hi\n\t\"\x1b"
        "7\x01",
        8);
    u64 argv[] = {ARG0, ARG0 + 3, 0};
    memory[ARGV] = std::string(reinterpret_cast<const char*>(argv), sizeof argv);
    memory[ARG0] = std::string("ls\0-l\0", 6);
}

}  // namespace

TestSuite(strace, .init = setup_memory);

Test(strace, openat_as_strace_prints_it) {
    cr_assert(eq(str, call(257, u64(-100), PATH, 02000000, 0),
                 "openat(AT_FDCWD, \"/etc/passwd\", O_RDONLY|O_CLOEXEC, 0"));
    cr_assert(eq(str, result(257, 3), ") = 3"));
    cr_assert(eq(str, result(257, -2), ") = -1 ENOENT (No such file or directory)"));
    cr_assert(eq(str, call(257, 5, PATH, 0101 | 01000, 0644),
                 "openat(5, \"/etc/passwd\", O_WRONLY|O_CREAT|O_TRUNC, 0644"));
}

Test(strace, strings_are_cut_at_32_and_bad_pointers_print_as_addresses) {
    cr_assert(
        eq(str, call(2, LONG, 0, 0), "open(\"abcdefghijklmnopqrstuvwxyz012345\"..., O_RDONLY, 0"));
    cr_assert(eq(str, call(2, 0xdead0000, 0, 0), "open(0xdead0000, O_RDONLY, 0"));
    cr_assert(eq(str, call(2, 0, 0, 0), "open(NULL, O_RDONLY, 0"));
}

Test(strace, write_buffers_are_escaped) {
    cr_assert(eq(str, call(1, 1, BYTES, 8), "write(1, \"hi\\n\\t\\\"\\0337\\1\", 8"));
    cr_assert(eq(str, call(1, 1, BYTES, 100), "write(1, 0x3000, 100"));  // unreadable: the address
}

Test(strace, mmap_flags_and_hex_result) {
    cr_assert(eq(str, call(9, 0, 4096, 3, 0x22, u64(-1), 0),
                 "mmap(NULL, 4096, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0x0"));
    cr_assert(eq(str, result(9, 0x7f0000001000), ") = 0x7f0000001000"));
    cr_assert(eq(str, call(10, 0x1000, 4096, 0), "mprotect(0x1000, 4096, PROT_NONE"));
}

Test(strace, clone_wait_signal_and_futex_names) {
    cr_assert(eq(
        str,
        call(56, 0x100 | 0x200 | 0x400 | 0x800 | 0x10000 | 0x40000 | 0x80000 | 0x100000 | 0x200000,
             0x7000, 0, 0, 0),
        "clone(CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM|"
        "CLONE_SETTLS|CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID, 0x7000, NULL, NULL, NULL"));
    cr_assert(eq(str, call(56, 0x1000000 | 0x200000 | 17),
                 "clone(CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, NULL, NULL, NULL, NULL"));
    cr_assert(
        eq(str, call(61, u64(-1), 0, 1 | 0x40000000, 0), "wait4(-1, NULL, WNOHANG|__WALL, NULL"));
    cr_assert(eq(str, call(62, 12, 10), "kill(12, SIGUSR1"));
    cr_assert(eq(str, call(62, 12, 34), "kill(12, SIGRT_2"));
    cr_assert(eq(str, call(202, 0x1000, 128, 1, 0, 0, 0),
                 "futex(0x1000, FUTEX_WAIT_PRIVATE, 1, NULL, NULL, 0"));
    cr_assert(eq(str, call(202, 0x1000, 9 | 256, 1, 0, 0, u64(-1)),
                 "futex(0x1000, FUTEX_WAIT_BITSET|FUTEX_CLOCK_REALTIME, 1, NULL, NULL, -1"));
    cr_assert(eq(str, call(14, 2, 0, 0x2000, 8), "rt_sigprocmask(SIG_SETMASK, NULL, 0x2000, 8"));
    cr_assert(eq(str, call(228, 1, 0x2000), "clock_gettime(CLOCK_MONOTONIC, 0x2000"));
}

Test(strace, execve_argv_and_unknown_calls) {
    cr_assert(eq(str, call(59, PATH, ARGV, 0), "execve(\"/etc/passwd\", [\"ls\", \"-l\"], NULL"));
    cr_assert(eq(str, call(59, PATH, 0xbad000, 0), "execve(\"/etc/passwd\", 0xbad000, NULL"));
    // A call without a row: its six registers in hex; a number Linux does not use.
    cr_assert(eq(str, call(29, 1, 2, 3, 4, 5, 6), "shmget(0x1, 0x2, 0x3, 0x4, 0x5, 0x6"));
    cr_assert(eq(str, call(400, 1), "syscall_0x190(0x1, 0x0, 0x0, 0x0, 0x0, 0x0"));
    cr_assert(eq(str, result(400, -38), ") = -1 ENOSYS (Function not implemented)"));
}

Test(strace, modes_follow_the_table) {
    cr_assert(eq(int, int(strace::decoder(61).mode), int(strace::Mode::Block)));      // wait4
    cr_assert(eq(int, int(strace::decoder(231).mode), int(strace::Mode::NoReturn)));  // exit_group
    cr_assert(eq(int, int(strace::decoder(12).mode), int(strace::Mode::HexRet)));     // brk
    cr_assert(eq(int, int(strace::decoder(39).argc), 0));                             // getpid
}

Test(strace, long_lines_are_cut_not_overflowed) {
    strace::Line line;
    for (int i = 0; i < 1000; ++i) line.puts("abc");
    cr_assert(eq(sz, std::strlen(line.c_str()), strace::Line::CAPACITY + 3));
    cr_assert(eq(str, std::string(line.c_str()).substr(strace::Line::CAPACITY), "..."));
}
