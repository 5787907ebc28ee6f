// kernel/syscall/timer.cc — alarm, setitimer/getitimer and the POSIX timers (timer_create...).
//
// All of them are PosixTimers of the calling process (proc/signal_timer.hh): alarm and
// ITIMER_REAL are the one with id ITIMER_REAL_ID, sending SIGALRM. ITIMER_VIRTUAL and
// ITIMER_PROF count the process's CPU time (proc/cpu_itimer.hh) and send SIGVTALRM and
// SIGPROF. The errno orders are Linux's: the input is
// copied and checked (EFAULT, EINVAL) before anything changes, the old value copied
// out last.
#include "drivers/timer/clock.hh"
#include "drivers/timer/rtc.hh"
#include "proc/cpu_itimer.hh"
#include "proc/process.hh"
#include "proc/signal_timer.hh"
#include "proc/table.hh"
#include "syscall/handlers.hh"

namespace syscalls {

struct Timeval {  // struct timeval (as in time.cc)
    i64 sec;
    i64 usec;
};

struct Timespec {  // struct timespec (as in time.cc)
    i64 sec;
    i64 nsec;
};

struct Itimerval {  // struct itimerval
    Timeval interval;
    Timeval value;
};

struct Itimerspec {  // struct itimerspec
    Timespec interval;
    Timespec value;
};

struct Sigevent {  // struct sigevent (64 bytes)
    u64 value;
    i32 signo;
    i32 notify;
    i32 tid;  ///< sigev_notify_thread_id
    i32 pad[11];
};
static_assert(sizeof(Sigevent) == 64);

// LAB_BEGIN(04-clone, 5): alarm, setitimer/getitimer and the POSIX timers, on the process's PosixTimers (proc/signal_timer.hh)
namespace {

enum : int { ITIMER_REAL = 0, ITIMER_VIRTUAL = 1, ITIMER_PROF = 2 };
constexpr int TIMER_ABSTIME = 1;
constexpr u64 NS = 1000000000ull, US = 1000;
constexpr i64 MAX_SEC = 100ll * 365 * 24 * 3600;  // far enough: no overflow in ns

Result<u64> from_timeval(const Timeval& tv) {
    if (tv.sec < 0 || tv.usec < 0 || tv.usec >= 1000000) return Error(EINVAL);
    return u64(tv.sec > MAX_SEC ? MAX_SEC : tv.sec) * NS + u64(tv.usec) * US;
}

Result<u64> from_timespec(const Timespec& ts) {
    if (ts.sec < 0 || ts.nsec < 0 || ts.nsec >= i64(NS)) return Error(EINVAL);
    return u64(ts.sec > MAX_SEC ? MAX_SEC : ts.sec) * NS + u64(ts.nsec);
}

Timeval to_timeval(u64 ns) { return {i64(ns / NS), i64(ns % NS / US)}; }
Timespec to_timespec(u64 ns) { return {i64(ns / NS), i64(ns % NS)}; }

// The clocks timer_create accepts; the CPU-time ones need CPU accounting (EINVAL).
bool timer_clock(int clock) {
    return clock == 0 || clock == 1 || clock == 7 || clock == 8 || clock == 9 || clock == 11;
}

// Now on @p clock for TIMER_ABSTIME: the realtime clocks from the RTC's second.
u64 clock_now(int clock) {
    if (clock == 1 || clock == 7 || clock == 9) return ktime::now_ns();
    static u64 epoch = 0;
    if (!epoch) {
        auto t = rtc::unix_time();
        epoch = (t.is_error() ? 1704067200ull : t.value()) * NS - ktime::now_ns();
    }
    return epoch + ktime::now_ns();
}

}  // namespace

Result<u64> sys_alarm(u32 seconds) {
    proc::TimerValue old;
    TRY(proc::timer_set(proc::ITIMER_REAL_ID, u64(seconds) * NS, 0, &old));
    // As Linux: the seconds left, rounded to the nearest, and never 0 for a live alarm.
    u64 left = old.value_ns / NS;
    u64 frac = old.value_ns % NS;
    if ((!left && frac) || frac >= NS / 2) ++left;
    return left;
}

Result<u64> sys_getitimer(int which, vm::UserPtr<Itimerval> curr) {
    if (which == ITIMER_REAL) {
        proc::TimerValue v = TRY(proc::timer_get(proc::ITIMER_REAL_ID));
        TRY(curr.write(Itimerval{to_timeval(v.interval_ns), to_timeval(v.value_ns)}));
        return 0;
    }
    if (which != ITIMER_VIRTUAL && which != ITIMER_PROF) return Error(EINVAL);
    proc::CpuItimerValue v = proc::cpu_itimer_get(proc::CpuItimer(which - 1));
    TRY(curr.write(Itimerval{to_timeval(v.interval_ns), to_timeval(v.value_ns)}));
    return 0;
}

Result<u64> sys_setitimer(int which, vm::UserPtr<const Itimerval> next,
                          vm::UserPtr<Itimerval> old) {
    Itimerval in{};
    if (!next.is_null()) in = TRY(next.read());  // NULL: disarm (Linux's old behaviour)
    u64 value = TRY(from_timeval(in.value));
    u64 interval = TRY(from_timeval(in.interval));
    Itimerval out{};
    if (which == ITIMER_REAL) {
        proc::TimerValue prev;
        TRY(proc::timer_set(proc::ITIMER_REAL_ID, value, interval, &prev));
        out = {to_timeval(prev.interval_ns), to_timeval(prev.value_ns)};
    } else if (which == ITIMER_VIRTUAL || which == ITIMER_PROF) {
        proc::CpuItimerValue prev =
            proc::cpu_itimer_set(proc::CpuItimer(which - 1), {value, interval});
        out = {to_timeval(prev.interval_ns), to_timeval(prev.value_ns)};
    } else {
        return Error(EINVAL);
    }
    if (!old.is_null()) TRY(old.write(out));
    return 0;
}

Result<u64> sys_timer_create(int clock, vm::UserPtr<const Sigevent> sevp,
                             vm::UserPtr<int> timerid) {
    Sigevent ev{~0ull, proc::SIGALRM, proc::SIGEV_SIGNAL, 0, {}};
    if (!sevp.is_null()) ev = TRY(sevp.read());
    if (!timer_clock(clock)) return Error(EINVAL);
    proc::Task* me = proc::current();
    int notify = ev.notify;
    if (notify == proc::SIGEV_THREAD_ID) {
        SpinLockGuard g(proc::tree_lock());
        proc::Task* t = proc::table_find(ev.tid);
        if (!t || t->tgid != me->tgid) return Error(EINVAL);
    } else if (notify == proc::SIGEV_THREAD) {
        notify = proc::SIGEV_SIGNAL;  // the libc runs the thread; the kernel signals
    } else if (notify != proc::SIGEV_SIGNAL && notify != proc::SIGEV_NONE) {
        return Error(EINVAL);
    }
    if (notify != proc::SIGEV_NONE && (ev.signo <= 0 || ev.signo > proc::NSIG))
        return Error(EINVAL);
    int id = TRY(proc::timer_create(clock, notify, ev.signo, ev.value, ev.tid));
    if (auto r = timerid.write(id); r.is_error()) {
        (void)proc::timer_delete(id);
        return Error(r.error());
    }
    return 0;
}

Result<u64> sys_timer_settime(int id, int flags, vm::UserPtr<const Itimerspec> next,
                              vm::UserPtr<Itimerspec> old) {
    Itimerspec in = TRY(next.read());
    u64 value = TRY(from_timespec(in.value));
    u64 interval = TRY(from_timespec(in.interval));
    if (id < 0) return Error(EINVAL);
    if ((flags & TIMER_ABSTIME) && value) {
        int clock = TRY(proc::timer_clock_of(id));
        u64 now = clock_now(clock);
        value = value > now ? value - now : 1;  // in the past: fires at once
    }
    proc::TimerValue prev;
    TRY(proc::timer_set(id, value, interval, &prev));
    if (!old.is_null())
        TRY(old.write(Itimerspec{to_timespec(prev.interval_ns), to_timespec(prev.value_ns)}));
    return 0;
}

Result<u64> sys_timer_gettime(int id, vm::UserPtr<Itimerspec> curr) {
    if (id < 0) return Error(EINVAL);
    proc::TimerValue v = TRY(proc::timer_get(id));
    TRY(curr.write(Itimerspec{to_timespec(v.interval_ns), to_timespec(v.value_ns)}));
    return 0;
}

Result<u64> sys_timer_getoverrun(int id) { return u64(TRY(proc::timer_overrun(id))); }

Result<u64> sys_timer_delete(int id) {
    TRY(proc::timer_delete(id));
    return 0;
}
// LAB_FALLBACK
// LAB_END

}  // namespace syscalls
