// kernel/syscall/time.cc — clocks and sleeping: clock_gettime, gettimeofday, time,
// nanosleep, clock_nanosleep; CPU time: getrusage, times.
//
// CLOCK_MONOTONIC (and RAW, COARSE, BOOTTIME) is the TSC clock of ktime::now_ns();
// CLOCK_REALTIME adds the RTC's time of day read once at the first call. The CPU-time
// clocks, getrusage and times read the accounting of proc/cputime.hh (lab 04).
// Sleeps are timed waits (proc::sleep_on_until) on the per-CPU timers of proc/timer.hh.
#include <atomic>

#include "drivers/timer/clock.hh"
#include "drivers/timer/rtc.hh"
#include "proc/cputime.hh"
#include "proc/process.hh"
#include "proc/sched.hh"
#include "proc/table.hh"
#include "syscall/handlers.hh"

// LAB_BEGIN(03-processes, 6): the clocks (ktime::now_ns, the RTC) and nanosleep on a timed wait queue
namespace syscalls {

struct Timespec {  // struct timespec: seconds and nanoseconds
    i64 sec;
    i64 nsec;
};

struct Timeval {  // struct timeval (gettimeofday): seconds and microseconds
    i64 sec;
    i64 usec;
};

struct Timezone {  // struct timezone: minutes west of Greenwich, a DST rule
    i32 minuteswest;
    i32 dsttime;
};

namespace {

enum : int {
    CLOCK_REALTIME = 0,
    CLOCK_MONOTONIC = 1,
    CLOCK_PROCESS_CPUTIME_ID = 2,
    CLOCK_THREAD_CPUTIME_ID = 3,
    CLOCK_MONOTONIC_RAW = 4,
    CLOCK_REALTIME_COARSE = 5,
    CLOCK_MONOTONIC_COARSE = 6,
    CLOCK_BOOTTIME = 7,
    CLOCK_REALTIME_ALARM = 8,
    CLOCK_BOOTTIME_ALARM = 9,
    CLOCK_TAI = 11,
};
constexpr int TIMER_ABSTIME = 1;
constexpr u64 NS = 1000000000ull;

std::atomic<u64> epoch_at_boot_ns{0};

}  // namespace

u64 realtime_ns() {
    u64 base = epoch_at_boot_ns.load(std::memory_order_relaxed);
    if (!base) {
        auto t = rtc::unix_time();
        u64 now = ktime::now_ns();
        base = (t.is_error() ? 1704067200ull : t.value()) * NS - now;  // 2024-01-01 if no RTC
        epoch_at_boot_ns.store(base, std::memory_order_relaxed);
    }
    return base + ktime::now_ns();
}

namespace {

// The CPU clocks of another thread or process (clock_getcpuclockid,
// pthread_getcpuclockid): Linux's encoding is ~pid << 3, bit 2 for a thread's clock, the
// low two bits the kind (0 user+system, 1 user, 2 the scheduler's total; 3 and a low 7,
// a clock fd, are invalid). A thread's clock only for a thread of the caller's process;
// a process's only by its leader's pid (pid 0: the caller's).
Result<u64> cpu_clock_ns(int clock) {
    int kind = clock & 3;
    bool thread = clock & 4;
    if (kind == 3) return Error(EINVAL);
    proc::pid_t pid = ~(clock >> 3);
    proc::Task* me = proc::current();
    proc::TaskRef other = pid ? proc::task_find_get(pid) : proc::TaskRef();
    proc::Task* t = pid ? other.get() : me;
    if (!t) return Error(EINVAL);
    if (thread && t->tgid != me->tgid) return Error(EINVAL);
    if (!thread && t->tid != t->tgid) return Error(EINVAL);
    proc::CpuTimes c = thread ? proc::cpu_times(t) : proc::process_cpu_times(t);
    return kind == 1 ? c.user_ns : c.total();
}

Result<u64> clock_ns(int clock) {
    switch (clock) {
    case CLOCK_REALTIME:
    case CLOCK_REALTIME_COARSE:
    case CLOCK_REALTIME_ALARM:
    case CLOCK_TAI:
        return realtime_ns();
    case CLOCK_MONOTONIC:
    case CLOCK_MONOTONIC_RAW:
    case CLOCK_MONOTONIC_COARSE:
    case CLOCK_BOOTTIME:
    case CLOCK_BOOTTIME_ALARM:
        return ktime::now_ns();
    case CLOCK_PROCESS_CPUTIME_ID:
        return proc::process_cpu_times(proc::current()).total();
    case CLOCK_THREAD_CPUTIME_ID:
        return proc::cpu_times(proc::current()).total();
    default:
        return clock < 0 ? cpu_clock_ns(clock) : Error(EINVAL);
    }
}

// Sleeps until monotonic @p deadline; EINTR when a fatal signal cuts it short.
Result<void> sleep_until(u64 deadline) {
    static SpinLock lock("nanosleep", lock_rank::SLEEP);
    proc::WaitQueue wq;
    SpinLockGuard g(lock);
    while (ktime::now_ns() < deadline) {
        if (proc::must_die()) return Error(EINTR);
        proc::sleep_on_until(wq, lock, deadline);
    }
    return {};
}

Result<u64> read_request(vm::UserPtr<const Timespec> req) {
    Timespec ts = TRY(req.read());
    if (ts.sec < 0 || ts.nsec < 0 || ts.nsec >= i64(NS)) return Error(EINVAL);
    u64 sec = u64(ts.sec) > 1000000000ull * 100 ? 1000000000ull * 100 : u64(ts.sec);
    return sec * NS + u64(ts.nsec);
}

}  // namespace

Result<u64> sys_clock_gettime(int clock, vm::UserPtr<Timespec> ts) {
    u64 ns = TRY(clock_ns(clock));
    TRY(ts.write(Timespec{i64(ns / NS), i64(ns % NS)}));
    return 0;
}

// The resolution of a clock: what its readings step by. The coarse clocks are read
// like the others here, so every clock steps by 1 ns; a clock clock_gettime refuses is
// refused here too (EINVAL).
Result<u64> sys_clock_getres(int clock, vm::UserPtr<Timespec> res) {
    TRY(clock_ns(clock));
    if (!res.is_null()) TRY(res.write(Timespec{0, 1}));
    return 0;
}

Result<u64> sys_gettimeofday(vm::UserPtr<Timeval> tv, vm::UserPtr<Timezone> tz) {
    u64 ns = realtime_ns();
    if (!tv.is_null()) TRY(tv.write(Timeval{i64(ns / NS), i64(ns % NS / 1000)}));
    if (!tz.is_null()) TRY(tz.write(Timezone{0, 0}));  // UTC, no DST
    return 0;
}

Result<u64> sys_time(vm::UserPtr<i64> tloc) {
    i64 sec = i64(realtime_ns() / NS);
    if (!tloc.is_null()) TRY(tloc.write(sec));
    return static_cast<u64>(sec);
}

namespace {

// Sleeps until @p deadline; cut short by a signal, writes the time left to @p rem and
// asks for a restart (restart_syscall goes on to the same deadline when no handler
// runs; a handler makes it EINTR).
Result<u64> sleep_restartable(u64 deadline, vm::UserPtr<Timespec> rem) {
    if (!sleep_until(deadline).is_error()) return 0;
    if (!rem.is_null()) {
        u64 now = ktime::now_ns(), left = deadline > now ? deadline - now : 0;
        TRY(rem.write(Timespec{i64(left / NS), i64(left % NS)}));
    }
    proc::RestartBlock& rb = proc::current()->sig.restart;
    rb.fn = [](proc::RestartBlock& b) {
        return sleep_restartable(b.arg[0], vm::UserPtr<Timespec>(b.arg[1]));
    };
    rb.arg[0] = deadline;
    rb.arg[1] = rem.address();
    return Error(proc::ERESTART_RESTARTBLOCK);
}

}  // namespace

Result<u64> sys_nanosleep(vm::UserPtr<const Timespec> req, vm::UserPtr<Timespec> rem) {
    u64 ns = TRY(read_request(req));
    return sleep_restartable(ktime::now_ns() + ns, rem);
}

// Returns the error number itself (the libc turns it into the return value).
Result<u64> sys_clock_nanosleep(int clock, int flags, vm::UserPtr<const Timespec> req,
                                vm::UserPtr<Timespec> rem) {
    u64 now_clock = TRY(clock_ns(clock));  // EINVAL for unknown clocks
    // Sleeping on a CPU-time clock needs CPU accounting (Linux: EOPNOTSUPP for a thread's).
    if (clock == CLOCK_THREAD_CPUTIME_ID || clock == CLOCK_PROCESS_CPUTIME_ID)
        return Error(EOPNOTSUPP);
    if (flags & ~TIMER_ABSTIME) return Error(EINVAL);
    u64 ns = TRY(read_request(req));
    u64 mono = ktime::now_ns();
    u64 deadline =
        flags & TIMER_ABSTIME ? (ns > now_clock ? mono + (ns - now_clock) : mono) : mono + ns;
    if (!(flags & TIMER_ABSTIME)) return sleep_restartable(deadline, rem);
    if (sleep_until(deadline).is_error()) return Error(proc::ERESTARTNOHAND);
    return 0;
}

}  // namespace syscalls
// LAB_FALLBACK
// namespace syscalls {
// u64 realtime_ns() { return ktime::now_ns(); }  // futex's CLOCK_REALTIME: no RTC yet
// }  // namespace syscalls
// LAB_END

namespace syscalls {

// LAB_BEGIN(04-clone, 5): getrusage and times from the CPU-time accounting
struct RusageTimes {  // struct rusage: ru_utime, ru_stime, then fourteen longs
    Timeval utime;
    Timeval stime;
    i64 rest[14];
};
static_assert(sizeof(RusageTimes) == 144);

struct Tms {  // struct tms, in clock ticks (USER_HZ = 100)
    i64 utime, stime, cutime, cstime;
};

namespace {
constexpr u64 NS_PER_USER_HZ = 10000000;  // 1 s / 100
constexpr int RUSAGE_SELF = 0, RUSAGE_CHILDREN = -1, RUSAGE_THREAD = 1;

Timeval timeval_of(u64 ns) { return Timeval{i64(ns / 1000000000), i64(ns % 1000000000 / 1000)}; }
}  // namespace

Result<u64> sys_getrusage(int who, vm::UserPtr<RusageTimes> usage) {
    proc::Task* me = proc::current();
    proc::CpuTimes c;
    if (who == RUSAGE_SELF) c = proc::process_cpu_times(me);
    else if (who == RUSAGE_THREAD) c = proc::cpu_times(me);
    else if (who == RUSAGE_CHILDREN) c = proc::children_cpu_times(me);
    else return Error(EINVAL);
    RusageTimes r{};
    r.utime = timeval_of(c.user_ns);
    r.stime = timeval_of(c.system_ns);
    TRY(usage.write(r));
    return 0;
}

Result<u64> sys_times(vm::UserPtr<Tms> buf) {
    proc::Task* me = proc::current();
    if (!buf.is_null()) {
        proc::CpuTimes self = proc::process_cpu_times(me);
        proc::CpuTimes kids = proc::children_cpu_times(me);
        TRY(buf.write(Tms{i64(self.user_ns / NS_PER_USER_HZ), i64(self.system_ns / NS_PER_USER_HZ),
                          i64(kids.user_ns / NS_PER_USER_HZ),
                          i64(kids.system_ns / NS_PER_USER_HZ)}));
    }
    return ktime::now_ns() / NS_PER_USER_HZ;  // clock ticks since an arbitrary point: boot
}
// LAB_FALLBACK
// struct RusageTimes {
//     u8 bytes[144];
// };
// struct Tms {
//     i64 fields[4];
// };
// Result<u64> sys_getrusage(int, vm::UserPtr<RusageTimes>) { return Error(ENOSYS); }
// Result<u64> sys_times(vm::UserPtr<Tms>) { return Error(ENOSYS); }
// LAB_END

}  // namespace syscalls
