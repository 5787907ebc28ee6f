// kernel/fs/vfs/poll.hh — how a file's poll operation lets a waiter sleep on its queues.
//
// FileOps::poll answers "what would read and write do now?" as POLL* bits, and, when
// handed a PollWait, also registers the caller on every wait queue whose wake-up may
// change that answer. The PollWait says what registering means: poll(2) and select(2)
// put an entry on each queue that wakes the sleeping task (fs/poll/poll_table.hh);
// epoll puts one per watched file that moves it to the ready list (fs/poll/epoll.cc).
// The file calls poll_wait() under the lock that guards the queue (the lock its wakers
// hold), then computes its bits under the same lock, so no wake-up falls between:
//
//   u32 pipe_poll(File& f, PollWait* pw) {
//       SpinLockGuard g(p.lock);
//       poll_wait(pw, p.read_wait, p.lock);
//       return p.used ? POLLIN | POLLRDNORM : 0;
//   }
//
// A file whose state never changes (a regular file, /dev/null) registers nothing.
// The PollWait's owner takes its entries off the queues again (under the same locks)
// before the file can go: poll and select hold a reference on each File while they
// wait; epoll is told when a watched File is released (eventpoll_release, below).
#pragma once

#include "lib/spinlock.hh"
#include "proc/wait_queue.hh"

namespace vfs {

struct File;

/// A registration callback: what poll_wait does for one kind of waiter.
struct PollWait {
    /// Puts an entry of the waiter on @p wq; @p lock guards @p wq and is held.
    void (*queue)(PollWait& pw, proc::WaitQueue& wq, SpinLock& lock) = nullptr;
};

/// Called by a file's poll operation, with @p lock held, for each queue whose wake-ups
/// can change its readiness; does nothing when @p pw is null (a poll that only asks).
inline void poll_wait(PollWait* pw, proc::WaitQueue& wq, SpinLock& lock) {
    if (pw && pw->queue) pw->queue(*pw, wq, lock);
}

/// The readiness of @p f, registering @p pw (may be null) on its queues. A file type
/// without a poll operation is always readable and writable (Linux's DEFAULT_POLLMASK).
u32 file_poll(File& f, PollWait* pw);

/// Called as the last reference to @p f goes, before its release: every epoll instance
/// that watches it forgets it (fs/poll/epoll.cc).
void eventpoll_release(File& f);

}  // namespace vfs
