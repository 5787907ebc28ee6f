// kernel/syscall/dispatch.cc — from `syscall` to the handler, through the one table.
//
// The table (syscall/table.hh) is expanded here into an array of adapters, one per
// number: Full, Partial and Stub rows name a handler, Planned and Absent rows leave a
// hole. A hole, or a number past the end, returns -ENOSYS and is logged once by name.
// With strace= on the command line, the call goes through syscall/strace.hh, which logs
// it decoded. On the way back to user mode a pending fatal signal ends the task.
#include <array>
#include <atomic>

#include "arch/x86_64/syscall.hh"
#include "lib/log.hh"
#include "proc/process.hh"
#include "syscall/handlers.hh"
#include "syscall/info.hh"
#include "syscall/strace.hh"
#include "syscall/syscall.hh"

namespace syscalls {
namespace {

// Whether the rows are in strictly ascending order, each number once (table.hh's rule).
constexpr bool table_ascending() {
    i64 prev = -1;
    bool ok = true;
#define SYSCALL(nr, name, handler, status, note) ok = ok && i64(nr) > prev, prev = i64(nr);
#include "syscall/table.hh"
    return ok;
}
static_assert(table_ascending(), "syscall/table.hh: rows must be in ascending order, once each");

// One past the highest number the table lists (the last row, as they ascend).
constexpr usize table_size() {
    usize n = 0;
#define SYSCALL(nr, name, handler, status, note) n = usize(nr) + 1;
#include "syscall/table.hh"
    return n;
}

constexpr usize TABLE_SIZE = table_size();

constexpr std::array<Entry, TABLE_SIZE> build_table() {
    std::array<Entry, TABLE_SIZE> t{};
#define SYSCALL(nr, name, handler, status, note) SYSCALL_##status(nr, handler)
#define SYSCALL_Full(nr, handler) t[nr] = &invoke<handler>;
#define SYSCALL_Partial SYSCALL_Full
#define SYSCALL_Stub SYSCALL_Full
#define SYSCALL_Planned(nr, handler)
#define SYSCALL_Absent(nr, handler)
#include "syscall/table.hh"
#undef SYSCALL_Full
#undef SYSCALL_Partial
#undef SYSCALL_Stub
#undef SYSCALL_Planned
#undef SYSCALL_Absent
    return t;
}

constexpr std::array<Entry, TABLE_SIZE> table = build_table();

std::atomic<u64> logged[(TABLE_SIZE + 63) / 64 + 1];

i64 unknown(u64 nr) {
    usize slot = nr < TABLE_SIZE ? nr : TABLE_SIZE;  // all out-of-range numbers share a bit
    u64 bit = u64(1) << (slot % 64);
    if (!(logged[slot / 64].fetch_or(bit) & bit)) {
        const Info* i = info(nr);
        if (i)
            klog::warn("syscall {} ({}): not implemented ({}{}{}); -ENOSYS", nr, i->name,
                       status_name(i->status), i->note[0] ? ", " : "", i->note);
        else klog::warn("syscall {}: no such system call; -ENOSYS", nr);
    }
    return -ENOSYS;
}

i64 run(arch::TrapFrame& frame, u64 nr) {
    Entry e = nr < TABLE_SIZE ? table[nr] : nullptr;
    return e ? e(frame) : unknown(nr);
}

}  // namespace

}  // namespace syscalls

//! [syscall_dispatch]
extern "C" void syscall_dispatch(arch::TrapFrame* frame) {
    u64 nr = frame->rax;
    if (strace::active()) [[unlikely]]
        frame->rax = static_cast<u64>(strace::traced_call(*frame, nr, syscalls::run));
    else frame->rax = static_cast<u64>(syscalls::run(*frame, nr));
    proc::handle_pending_signals();
}
//! [syscall_dispatch]
