// kernel/fs/events/events.hh — files that deliver events: eventfd, timerfd, signalfd.
//
// Each is a nameless File (fs/anon_inode.hh) whose read returns what happened (a
// counter, timer expirations, dequeued signals) and whose poll reports POLLIN when a
// read would not block; readers and pollers sleep on wait-queue entries, woken by a
// write, a timer callback (proc/timer.hh) or the sending of a signal.
#pragma once

#include "fs/vfs/file.hh"
#include "lib/result.hh"

namespace events {

// --- eventfd.cc ---
/// A new eventfd File whose counter starts at @p initval. ENOMEM.
Result<vfs::File*> eventfd_create(u64 initval, bool semaphore, bool nonblock);
bool is_eventfd(const vfs::File& f);
/// The counter now (fdinfo).
u64 eventfd_count(vfs::File& f);

// --- timerfd.cc ---
/// A timer's setting as timerfd_gettime reports it: the time to the next expiry (0:
/// disarmed) and the period (0: one-shot), in nanoseconds.
struct TimerSpec {
    u64 value_ns;
    u64 interval_ns;
};
/// A new timerfd File; @p clock is only recorded (the caller checked it): every clock
/// is turned into a monotonic deadline by the caller. ENOMEM.
Result<vfs::File*> timerfd_create(int clock, bool nonblock);
bool is_timerfd(const vfs::File& f);
int timerfd_clock(vfs::File& f);
/// timerfd_settime: arms the timer to expire at monotonic time @p deadline_ns (0:
/// disarms it), then every @p interval_ns; the expiry count starts again at 0.
/// Returns the previous setting.
TimerSpec timerfd_settime(vfs::File& f, u64 deadline_ns, u64 interval_ns);
TimerSpec timerfd_gettime(vfs::File& f);

// --- signalfd.cc ---
/// A new signalfd File reading the signals of @p mask. ENOMEM.
Result<vfs::File*> signalfd_create(u64 mask, bool nonblock);
bool is_signalfd(const vfs::File& f);
/// Replaces the mask of signalfd @p f (signalfd with an existing fd).
void signalfd_set_mask(vfs::File& f, u64 mask);
u64 signalfd_mask(vfs::File& f);

}  // namespace events
