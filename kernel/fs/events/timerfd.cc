// kernel/fs/events/timerfd.cc — timerfd: timer expirations counted in a file (events.hh).
//
// The timer is a proc::Timer (proc/timer.hh) whose callback, on the tick, adds the
// expirations since the last one to the count (a periodic timer that fell behind counts
// every period it missed), re-arms itself and wakes the readers and pollers. A read
// returns the count and zeroes it; settime (serialised by a mutex) cancels the timer
// before it changes the setting, so a callback never sees half of one.
#include "drivers/timer/clock.hh"
#include "fs/anon_inode.hh"
#include "fs/events/events.hh"
#include "fs/vfs/poll.hh"
#include "lib/mutex.hh"
#include "mm/heap.hh"
#include "proc/sched.hh"
#include "proc/signal.hh"
#include "proc/timer.hh"

namespace events {
namespace {

struct TimerFd {
    Mutex setting{"timerfd"};
    SpinLock lock{"timerfd", lock_rank::SLEEP};
    proc::Timer timer;
    int clock = 0;
    u64 deadline = 0;  // monotonic; 0 when disarmed
    u64 interval = 0;
    u64 ticks = 0;  // expirations not read yet
    proc::WaitQueue wait;
};

TimerFd& of(vfs::File& f) { return *static_cast<TimerFd*>(f.priv); }

// The tick, interrupts off.
void expire(proc::Timer& t) {
    TimerFd& tf = *static_cast<TimerFd*>(t.arg);
    SpinLockGuard g(tf.lock);
    if (!tf.deadline) return;
    u64 now = ktime::now_ns();
    if (tf.interval) {
        u64 missed = now > tf.deadline ? (now - tf.deadline) / tf.interval : 0;
        tf.ticks += 1 + missed;
        tf.deadline += (1 + missed) * tf.interval;
        proc::timer_start(tf.timer, tf.deadline);
    } else {
        tf.ticks += 1;
        tf.deadline = 0;
    }
    tf.wait.wake_all();
}

TimerSpec current(TimerFd& tf) {
    if (!tf.deadline) return TimerSpec{0, tf.interval};
    u64 now = ktime::now_ns();
    // A deadline just passed but not yet handled by the tick reads as 1 ns, as Linux's.
    return TimerSpec{tf.deadline > now ? tf.deadline - now : 1, tf.interval};
}

Result<u64> tfd_read(vfs::File& f, const vfs::IoBuf& buf, u64*) {
    if (buf.size() < 8) return Error(EINVAL);
    TimerFd& tf = of(f);
    u64 v;
    {
        SpinLockGuard g(tf.lock);
        while (tf.ticks == 0) {
            if (f.flags & vfs::O_NONBLOCK) return Error(EAGAIN);
            if (proc::signal_pending()) return Error(proc::ERESTARTSYS);
            proc::sleep_on_until(tf.wait, tf.lock, 0, true);
        }
        v = tf.ticks;
        tf.ticks = 0;
    }
    TRY(buf.fill(0, &v, 8));
    return 8;
}

u32 tfd_poll(vfs::File& f, vfs::PollWait* pw) {
    TimerFd& tf = of(f);
    SpinLockGuard g(tf.lock);
    vfs::poll_wait(pw, tf.wait, tf.lock);
    return tf.ticks ? vfs::POLLIN | vfs::POLLRDNORM : 0;
}

void tfd_release(vfs::File& f) {
    TimerFd* tf = &of(f);
    proc::timer_cancel(tf->timer);
    mm::destroy(tf);
}

const vfs::FileOps timerfd_ops{tfd_read, nullptr, nullptr,     tfd_poll, nullptr,
                               nullptr,  nullptr, tfd_release, nullptr};

}  // namespace

Result<vfs::File*> timerfd_create(int clock, bool nonblock) {
    TimerFd* tf = TRY(mm::make<TimerFd>());
    tf->clock = clock;
    tf->timer.fn = expire;
    tf->timer.arg = tf;
    auto f = anon::make_file(&timerfd_ops, vfs::O_RDWR | (nonblock ? vfs::O_NONBLOCK : 0), tf);
    if (f.is_error()) mm::destroy(tf);
    return f;
}

bool is_timerfd(const vfs::File& f) { return f.ops == &timerfd_ops; }
int timerfd_clock(vfs::File& f) { return of(f).clock; }

TimerSpec timerfd_settime(vfs::File& f, u64 deadline_ns, u64 interval_ns) {
    TimerFd& tf = of(f);
    MutexGuard m(tf.setting);
    proc::timer_cancel(tf.timer);  // not under the lock: the callback takes it
    SpinLockGuard g(tf.lock);
    TimerSpec old = current(tf);
    tf.ticks = 0;
    tf.deadline = deadline_ns;
    tf.interval = interval_ns;  // reported even when disarmed, as Linux
    if (deadline_ns) proc::timer_start(tf.timer, deadline_ns);
    return old;
}

TimerSpec timerfd_gettime(vfs::File& f) {
    TimerFd& tf = of(f);
    SpinLockGuard g(tf.lock);
    return current(tf);
}

}  // namespace events
