// kernel/syscall/fd_events.cc — eventfd(2), timerfd_create/settime/gettime, signalfd(4).
//
// The files live in fs/events/; these handlers check arguments in Linux's order, turn
// timerfd's clocks and absolute times into monotonic deadlines, and install the Files.
#include "drivers/timer/clock.hh"
#include "fs/events/events.hh"
#include "fs/poll/poll_table.hh"
#include "proc/signal.hh"
#include "syscall/file_util.hh"
#include "syscall/handlers.hh"

namespace syscalls {

struct Itimerspec {  // struct itimerspec: interval, then value
    i64 interval_sec, interval_nsec;
    i64 value_sec, value_nsec;
};

namespace {

constexpr u32 EFD_SEMAPHORE = 1, EFD_CLOEXEC = vfs::O_CLOEXEC, EFD_NONBLOCK = vfs::O_NONBLOCK;
constexpr u32 TFD_TIMER_ABSTIME = 1, TFD_TIMER_CANCEL_ON_SET = 2;
constexpr int CLOCK_REALTIME = 0, CLOCK_MONOTONIC = 1, CLOCK_BOOTTIME = 7;
constexpr u64 NS = 1'000'000'000;

bool valid(i64 sec, i64 nsec) { return sec >= 0 && nsec >= 0 && nsec < i64(NS); }

u64 to_ns(i64 sec, i64 nsec) {
    u64 ns;
    if (__builtin_mul_overflow(u64(sec), NS, &ns) || __builtin_add_overflow(ns, u64(nsec), &ns))
        return ~u64(0) / 2;
    return ns;
}

Itimerspec from_spec(const events::TimerSpec& s) {
    return Itimerspec{i64(s.interval_ns / NS), i64(s.interval_ns % NS), i64(s.value_ns / NS),
                      i64(s.value_ns % NS)};
}

Result<FileRef> timerfd_at(int fd) {
    FileRef f = TRY(usable_file_at(fd));
    if (!events::is_timerfd(*f)) return Error(EINVAL);
    return f;
}

}  // namespace

Result<u64> sys_eventfd2(u32 initval, int flags) {
    if (u32(flags) & ~(EFD_SEMAPHORE | EFD_CLOEXEC | EFD_NONBLOCK)) return Error(EINVAL);
    FileRef f(TRY(events::eventfd_create(initval, flags & EFD_SEMAPHORE, flags & EFD_NONBLOCK)));
    return install_fd(std::move(f), u32(flags) & EFD_CLOEXEC);
}

Result<u64> sys_eventfd(u32 initval) { return sys_eventfd2(initval, 0); }

Result<u64> sys_timerfd_create(int clock, int flags) {
    if (u32(flags) & ~(EFD_CLOEXEC | EFD_NONBLOCK)) return Error(EINVAL);
    if (clock != CLOCK_REALTIME && clock != CLOCK_MONOTONIC && clock != CLOCK_BOOTTIME)
        return Error(EINVAL);
    FileRef f(TRY(events::timerfd_create(clock, flags & EFD_NONBLOCK)));
    return install_fd(std::move(f), u32(flags) & EFD_CLOEXEC);
}

Result<u64> sys_timerfd_settime(int fd, int flags, vm::UserPtr<const Itimerspec> new_value,
                                vm::UserPtr<Itimerspec> old_value) {
    Itimerspec n = TRY(new_value.read());
    if (!valid(n.value_sec, n.value_nsec) || !valid(n.interval_sec, n.interval_nsec))
        return Error(EINVAL);
    if (u32(flags) & ~(TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET)) return Error(EINVAL);
    FileRef f = TRY(timerfd_at(fd));
    int clock = events::timerfd_clock(*f);
    if ((flags & TFD_TIMER_CANCEL_ON_SET) &&
        (clock != CLOCK_REALTIME || !(flags & TFD_TIMER_ABSTIME)))
        return Error(EINVAL);
    u64 value = to_ns(n.value_sec, n.value_nsec);
    u64 deadline = 0;
    if (value) {
        u64 now = ktime::now_ns();
        if (!(flags & TFD_TIMER_ABSTIME)) {
            deadline = fs::deadline_after(value);
        } else {
            // An absolute time on the timer's own clock, as a monotonic deadline.
            u64 clock_now = clock == CLOCK_REALTIME ? realtime_ns() : now;
            deadline = value > clock_now ? fs::deadline_after(value - clock_now) : now ? now : 1;
        }
    }
    events::TimerSpec old =
        events::timerfd_settime(*f, deadline, to_ns(n.interval_sec, n.interval_nsec));
    if (!old_value.is_null()) TRY(old_value.write(from_spec(old)));
    return 0;
}

Result<u64> sys_timerfd_gettime(int fd, vm::UserPtr<Itimerspec> cur) {
    FileRef f = TRY(timerfd_at(fd));
    TRY(cur.write(from_spec(events::timerfd_gettime(*f))));
    return 0;
}

Result<u64> sys_signalfd4(int fd, vm::UserPtr<const u64> mask, usize sigsetsize, int flags) {
    if (sigsetsize != 8) return Error(EINVAL);
    u64 m = TRY(mask.read());
    if (u32(flags) & ~(EFD_CLOEXEC | EFD_NONBLOCK)) return Error(EINVAL);
    if (fd == -1) {
        FileRef f(TRY(events::signalfd_create(m, flags & EFD_NONBLOCK)));
        return install_fd(std::move(f), u32(flags) & EFD_CLOEXEC);
    }
    FileRef f = TRY(usable_file_at(fd));
    if (!events::is_signalfd(*f)) return Error(EINVAL);
    events::signalfd_set_mask(*f, m);
    return u64(fd);
}

Result<u64> sys_signalfd(int fd, vm::UserPtr<const u64> mask, usize sigsetsize) {
    return sys_signalfd4(fd, mask, sigsetsize, 0);
}

}  // namespace syscalls
