// kernel/lib/mutex.hh — sleeping locks: a mutex that puts its waiters to sleep.
//
// A SpinLock keeps interrupts off and spins; it suits short sections that never sleep.
// A Mutex is for sections that may sleep or run long (reading a file, copying user
// memory that may fault, waiting for a disk): a task that finds it taken sleeps on the
// mutex's wait queue and the CPU runs something else. Its rules follow:
//   - only a task (not an interrupt handler, not the idle loop) takes a mutex, with no
//     spinlock held and interrupts on: proc::may_sleep() asserts it (LARCH_DEBUG);
//   - the task that locked it unlocks it; a second lock by the owner panics;
//   - unlock hands the mutex to nobody in particular: the first waiter is woken and
//     competes again (a new arrival may win; no strict fairness).
//
//   Mutex m{"inode"};
//   {
//       MutexGuard g(m);        // may sleep
//       ...                     // may sleep too
//   }                           // unlocked
#pragma once

#include "lib/spinlock.hh"
#include "proc/wait_queue.hh"

namespace proc {
struct Task;
}

/// A sleeping lock with an owner.
class Mutex {
public:
    explicit Mutex(const char* name = "mutex") : lock_(name, lock_rank::SLEEP) {}
    Mutex(const Mutex&) = delete;
    Mutex& operator=(const Mutex&) = delete;

    /// Takes the mutex, sleeping while another task holds it. May sleep.
    void lock();
    /// Takes the mutex if it is free; never sleeps.
    bool try_lock();
    /// Releases it (the caller must hold it) and wakes one waiter.
    void unlock();
    /// True when the calling task holds it (for asserts).
    bool held_by_me() const;
    /// The task holding it, or null (for diagnostics only: it may change at once).
    proc::Task* owner() const { return owner_; }
    const char* name() const { return lock_.name(); }

private:
    SpinLock lock_;  // guards owner_ and waiters_
    proc::Task* owner_ = nullptr;
    proc::WaitQueue waiters_;
};

/// Holds a Mutex for the lifetime of a scope.
class [[nodiscard]] MutexGuard {
public:
    explicit MutexGuard(Mutex& m) : m_(m) { m_.lock(); }
    ~MutexGuard() { m_.unlock(); }
    MutexGuard(const MutexGuard&) = delete;
    MutexGuard& operator=(const MutexGuard&) = delete;

private:
    Mutex& m_;
};
