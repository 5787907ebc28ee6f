// kernel/syscall/poll_wait.cc — timeouts and signal masks of the waiting calls (poll_wait.hh).
#include "syscall/poll_wait.hh"

#include "drivers/timer/clock.hh"
#include "fs/poll/poll_table.hh"
#include "proc/signal.hh"
#include "proc/task.hh"

namespace syscalls {
namespace {

constexpr u64 NS = 1'000'000'000;

struct Pair {  // struct timespec / struct timeval: seconds and a fraction
    i64 sec, frac;
};

// select's timeval is normalized first (1,000,000 microseconds are a second), as Linux.
Result<u64> deadline_of(vm::UserAddr p, u64 unit_ns, i64 frac_max, bool normalize) {
    if (p.is_null()) return u64(0);
    Pair t = TRY(p.as<const Pair>().read());
    if (normalize) {
        t.sec += t.frac / frac_max;
        t.frac %= frac_max;
    }
    if (t.sec < 0 || t.frac < 0 || t.frac >= frac_max) return Error(EINVAL);
    if (t.sec == 0 && t.frac == 0) return NO_WAIT;
    u64 ns;
    if (__builtin_mul_overflow(u64(t.sec), NS, &ns) ||
        __builtin_add_overflow(ns, u64(t.frac) * unit_ns, &ns))
        ns = ~u64(0) / 2;
    u64 d = fs::deadline_after(ns);
    return d == NO_WAIT ? d - 1 : d;
}

Pair remaining(u64 deadline, u64 unit_ns) {
    u64 now = ktime::now_ns();
    u64 left = deadline <= now ? 0 : deadline - now;
    return Pair{i64(left / NS), i64(left % NS / unit_ns)};
}

}  // namespace

Result<u64> deadline_from_timespec(vm::UserAddr ts) { return deadline_of(ts, 1, i64(NS), false); }
Result<u64> deadline_from_timeval(vm::UserAddr tv) {
    return deadline_of(tv, 1000, 1'000'000, true);
}

void write_remaining_timespec(vm::UserAddr ts, u64 deadline) {
    if (ts.is_null() || deadline == 0 || deadline == NO_WAIT) return;  // a zero timeout stays
    (void)ts.as<Pair>().write(remaining(deadline, 1));
}

void write_remaining_timeval(vm::UserAddr tv, u64 deadline) {
    if (tv.is_null() || deadline == 0 || deadline == NO_WAIT) return;
    (void)tv.as<Pair>().write(remaining(deadline, 1000));
}

Result<void> SigmaskSwap::install(vm::UserAddr mask, usize size) {
    if (mask.is_null()) return {};
    if (size != 8) return Error(EINVAL);
    u64 m = TRY(mask.as<const u64>().read());
    proc::Task* t = proc::current();
    t->sig.saved_mask = t->sig.blocked;
    proc::set_blocked(m);
    swapped_ = true;
    return {};
}

Result<u64> SigmaskSwap::finish(Result<u64> r) {
    if (!swapped_) return r;
    proc::Task* t = proc::current();
    if (r.is_error() && r.error() == proc::ERESTARTNOHAND) {
        t->sig.restore_mask = true;  // deliver_signals puts it back after the handler's frame
    } else {
        proc::set_blocked(t->sig.saved_mask);
    }
    return r;
}

}  // namespace syscalls
