// kernel/syscall/strace.cc — who strace= traces, and writing each call's line.
//
// The command line is read at the first system call (the command line is set long
// before user mode). Traced tids live in a small lock-free set: a slot is claimed with
// a compare-and-swap. A task whose parent is traced joins it at its first call, and a
// traced task's fork, vfork, clone and clone3 add the new tid when they return (strace
// -f). With strace=all the set is not used. User strings are read through
// vm::copy_from_user, so a bad pointer prints as an address and never faults.
#include "syscall/strace.hh"

#include <atomic>

#include "boot/cmdline.hh"
#include "lib/log.hh"
#include "proc/table.hh"
#include "proc/task.hh"
#include "syscall/strace_format.hh"
#include "vm/user_copy.hh"

namespace strace {
namespace {

enum : u8 { UNREAD, OFF, SOME, ALL };
std::atomic<u8> state{UNREAD};

constexpr usize SLOTS = 128;  // traced tids at once (a descendant past that is not followed)
std::atomic<i32> traced_tids[SLOTS];
std::atomic<bool> full_reported{false};

void add(i32 tid) {
    for (auto& slot : traced_tids) {
        i32 expected = 0;
        if (slot.load(std::memory_order_relaxed) == tid) return;
        if (slot.compare_exchange_strong(expected, tid)) return;
    }
    if (!full_reported.exchange(true))
        klog::warn("strace: more than {} traced tasks; tid {} and later ones are not followed",
                   SLOTS, tid);
}

bool in_set(i32 tid) {
    for (auto& slot : traced_tids)
        if (slot.load(std::memory_order_relaxed) == tid) return true;
    return false;
}

// Whether the current task is traced: strace=all, its tid is in the set, or its parent's
// is (then it joins the set). The parent is asked because a child may run its first
// calls on another CPU before its parent's fork has returned and added it.
bool traced(proc::Task* task) {
    if (state.load(std::memory_order_relaxed) == ALL || in_set(task->tid)) return true;
    i32 parent = 0;
    {
        SpinLockGuard g(proc::tree_lock());
        if (task->parent) parent = task->parent->tid;
    }
    if (!parent || !in_set(parent)) return false;
    add(task->tid);
    return true;
}

void configure() {
    bool found = false;
    StrView value = cmdline::boot().get("strace", &found);
    u8 s = OFF;
    if (found && value == StrView("all")) s = ALL;
    else if (found) {
        cmdline::split_list(value, [&](StrView item) {
            u64 tid = 0;
            if (cmdline::parse_u64(item, tid) && tid > 0 && tid < (u64(1) << 31)) {
                add(i32(tid));
                s = SOME;
            } else klog::warn("strace: '{}' is not a tid (strace=all or strace=TID,TID...)", item);
        });
    }
    u8 expected = UNREAD;
    if (state.compare_exchange_strong(expected, s) && s != OFF)
        klog::info("strace: tracing {}",
                   s == ALL ? "every task" : "the listed tids and their children");
}

// vm::copy_from_user for strace_format.hh: as many bytes as can be read.
usize read_user(u64 address, void* dst, usize n) {
    if (!vm::copy_from_user(dst, address, n).is_error()) return n;
    usize got = 0;
    while (got < n &&
           !vm::copy_from_user(static_cast<char*>(dst) + got, address + got, 1).is_error())
        ++got;
    return got;
}

void prefix(Line& line, i32 tid) {
    line.puts("[pid ");
    line.dec(tid);
    line.puts("] ");
}

bool creates_task(u64 nr) { return nr == 56 || nr == 57 || nr == 58 || nr == 435; }

}  // namespace

bool active() {
    u8 s = state.load(std::memory_order_relaxed);
    if (s == UNREAD) {
        configure();
        s = state.load(std::memory_order_relaxed);
    }
    return s != OFF;
}

i64 traced_call(arch::TrapFrame& frame, u64 nr, Run run) {
    proc::Task* task = proc::current();
    i32 tid = task->tid;
    if (!traced(task)) return run(frame, nr);
    // The arguments are read before the handler: execve replaces the strings, and a
    // blocking call's line is written before it sleeps.
    const u64 args[6] = {frame.rdi, frame.rsi, frame.rdx, frame.r10, frame.r8, frame.r9};
    Line line;
    prefix(line, tid);
    format_call(line, nr, args, read_user);
    Mode mode = decoder(nr).mode;
    if (mode == Mode::NoReturn) {
        line.puts(") = ?");
        klog::write_line(klog::Level::Info, line.c_str());
    } else if (mode == Mode::Block) {
        line.puts(" <unfinished ...>");
        klog::write_line(klog::Level::Info, line.c_str());
    }
    i64 rax = run(frame, nr);
    if (creates_task(nr) && rax > 0) add(i32(rax));
    if (mode == Mode::Block) {
        Decoder d = decoder(nr);
        line = Line{};
        prefix(line, tid);
        line.puts("<... ");
        line.puts(d.name);
        line.puts(" resumed>");
    }
    format_result(line, nr, rax);
    klog::write_line(klog::Level::Info, line.c_str());
    return rax;
}

}  // namespace strace
