// kernel/lib/spinlock.hh — SMP-safe spinlocks that save interrupt state, and Guarded<T>,
// data that can only be reached through its lock.
//
//   Guarded<RunQueue> runqueue_;
//   {
//       auto rq = runqueue_.lock();   // interrupts off, lock taken
//       rq->push(task);
//   }                                 // lock released, interrupts as they were
//
// The interrupt state a lock saves is an IrqState (lib/irq_state.hh): lock() hands it to
// the caller, unlock() takes it back, and one dropped on the floor panics. Code that
// keeps interrupts off across a handover (the scheduler's run-queue lock, released by
// the task switched to) uses lock_irqs_off()/unlock_irqs_off(), which assert that
// interrupts are off instead of saving them.
//
// Every CPU counts the spinlocks it holds (PerCpu::locks_held), so that code about to
// sleep can assert it holds none (proc::may_sleep, lib/mutex.hh).
//
// Misuse panics with the lock's name: taking a lock this CPU already holds (a
// self-deadlock), releasing a lock that is not held or is held by another CPU. With
// LARCH_DEBUG (the default build), locks with a rank are also checked for order: a CPU
// that holds a lock of rank r may take only locks of a higher rank, and an inversion
// panics naming both locks (lock_rank below lists the classes).
#pragma once

#include <atomic>
#include <optional>
#include <utility>

#include "arch/x86_64/irq.hh"
#include "arch/x86_64/percpu.hh"
#include "lib/irq_state.hh"
#include "lib/panic.hh"

#ifndef LARCH_DEBUG
#define LARCH_DEBUG 1
#endif

/// Lock classes in the order they may be taken, lowest first. A lock of rank 0 is not
/// checked; the others are, when LARCH_DEBUG is on.
//! [lock_ranks]
namespace lock_rank {
constexpr u8 UNRANKED = 0;
constexpr u8 SLEEP = 10;     ///< locks handed to sleep_on (the process tree, nanosleep's)
constexpr u8 SIGNAL = 15;    ///< a SignalHandlers' siglock (after the tree lock)
constexpr u8 TIMED = 20;     ///< the list of timed sleepers
constexpr u8 RUNQUEUE = 30;  ///< a CPU's run queue (taken last: wakeups happen under the others)
}  // namespace lock_rank
//! [lock_ranks]

class SpinLock;

namespace lock_order {
/// The ranked locks one CPU holds, in the order it took them.
struct Held {
    static constexpr unsigned MAX = 16;
    const SpinLock* locks[MAX];
    unsigned depth = 0;
};
inline Held held[arch::MAX_CPUS];
inline void check_and_push(const SpinLock& lock, unsigned cpu);
inline void pop(const SpinLock& lock, unsigned cpu);
}  // namespace lock_order

class SpinLock {
public:
    constexpr explicit SpinLock(const char* name = "anonymous", u8 rank = lock_rank::UNRANKED)
        : name_(name), rank_(rank) {}
    SpinLock(const SpinLock&) = delete;
    SpinLock& operator=(const SpinLock&) = delete;

    /// Disables interrupts, then spins until the lock is ours. Returns the previous
    /// interrupt state, to be handed back to unlock().
    //! [spinlock_lock]
    IrqState lock() {
        IrqState irqs = IrqState::save();
        acquire();
        return irqs;
    }
    //! [spinlock_lock]

    /// Non-blocking: takes the lock if it is free (and then returns the saved state).
    std::optional<IrqState> try_lock() {
        IrqState irqs = IrqState::save();
        if (locked_.exchange(true, std::memory_order_acquire)) {
            irqs.restore();
            return std::nullopt;
        }
        owner_ = arch::cpu_index();
        if (LARCH_DEBUG && rank_) lock_order::check_and_push(*this, owner_);
        ++arch::this_cpu()->locks_held;
        return std::optional<IrqState>(std::move(irqs));
    }

    //! [spinlock_unlock]
    void unlock(IrqState&& irqs) {
        release();
        irqs.restore();
    }
    //! [spinlock_unlock]

    /// lock() for a caller that has interrupts off already and keeps them off until the
    /// matching unlock_irqs_off(), perhaps in another task (a context switch).
    void lock_irqs_off() {
        if (arch::irqs_enabled()) panic("spinlock '{}': lock_irqs_off with interrupts on", name_);
        acquire();
    }
    void unlock_irqs_off() {
        release();
        if (arch::irqs_enabled())
            panic("spinlock '{}': interrupts came on while it was held", name_);
    }

    bool is_locked() const { return locked_.load(std::memory_order_relaxed); }
    /// True when the calling CPU holds the lock (for asserts).
    bool held_by_me() const { return is_locked() && owner_ == arch::cpu_index(); }
    const char* name() const { return name_; }
    u8 rank() const { return rank_; }

private:
    void acquire() {
        unsigned me = arch::cpu_index();
        if (locked_.load(std::memory_order_relaxed) && owner_ == me)
            panic("spinlock '{}': cpu {} takes a lock it already holds", name_, me);
        if (LARCH_DEBUG && rank_) lock_order::check_and_push(*this, me);
        while (locked_.exchange(true, std::memory_order_acquire))
            while (locked_.load(std::memory_order_relaxed)) arch::cpu_relax();
        owner_ = me;
        ++arch::this_cpu()->locks_held;
    }
    void release() {
        if (!locked_.load(std::memory_order_relaxed))
            panic("spinlock '{}': unlock of a lock that is not held", name_);
        if (owner_ != arch::cpu_index())
            panic("spinlock '{}': cpu {} unlocks a lock held by cpu {}", name_, arch::cpu_index(),
                  owner_);
        if (LARCH_DEBUG && rank_) lock_order::pop(*this, owner_);
        --arch::this_cpu()->locks_held;
        owner_ = NO_OWNER;
        locked_.store(false, std::memory_order_release);
    }

    static constexpr unsigned NO_OWNER = ~0u;
    std::atomic<bool> locked_{false};
    unsigned owner_ = NO_OWNER;
    const char* name_;
    u8 rank_;
};

namespace lock_order {
/// Panics when @p lock ranks at or below a lock the CPU holds; else records it held.
inline void check_and_push(const SpinLock& lock, unsigned cpu) {
    Held& h = held[cpu];
    for (unsigned i = 0; i < h.depth; ++i)
        if (h.locks[i]->rank() >= lock.rank())
            panic("lock order: cpu {} takes '{}' (rank {}) while holding '{}' (rank {})", cpu,
                  lock.name(), lock.rank(), h.locks[i]->name(), h.locks[i]->rank());
    if (h.depth == Held::MAX)
        panic("lock order: cpu {} holds more than {} ranked locks", cpu, Held::MAX);
    h.locks[h.depth++] = &lock;
}
/// Forgets @p lock (the most recent entry for it: locks may be released out of order).
inline void pop(const SpinLock& lock, unsigned cpu) {
    Held& h = held[cpu];
    for (unsigned i = h.depth; i-- > 0;) {
        if (h.locks[i] != &lock) continue;
        for (unsigned j = i; j + 1 < h.depth; ++j) h.locks[j] = h.locks[j + 1];
        --h.depth;
        return;
    }
}
}  // namespace lock_order

/// Holds a SpinLock for the lifetime of a scope.
class [[nodiscard]] SpinLockGuard {
public:
    explicit SpinLockGuard(SpinLock& lock) : lock_(lock), irqs_(lock.lock()) {}
    ~SpinLockGuard() { lock_.unlock(std::move(irqs_)); }
    SpinLockGuard(const SpinLockGuard&) = delete;
    SpinLockGuard& operator=(const SpinLockGuard&) = delete;

private:
    SpinLock& lock_;
    IrqState irqs_;
};

/// A lock's name and rank together, for Guarded's constructor.
struct LockClass {
    const char* name;
    u8 rank;
};

/// A T that is only reachable while its lock is held.
template <typename T>
class Guarded {
public:
    template <typename... Args>
    constexpr explicit Guarded(const char* name, Args&&... args)
        : lock_(name), value_(std::forward<Args>(args)...) {}
    template <typename... Args>
    constexpr explicit Guarded(LockClass cls, Args&&... args)
        : lock_(cls.name, cls.rank), value_(std::forward<Args>(args)...) {}

    /// Access to the value for as long as the returned object lives.
    class [[nodiscard]] Locked {
    public:
        explicit Locked(Guarded& g) : guarded_(g), irqs_(g.lock_.lock()) {}
        ~Locked() { guarded_.lock_.unlock(std::move(irqs_)); }
        Locked(const Locked&) = delete;
        Locked& operator=(const Locked&) = delete;
        T* operator->() { return &guarded_.value_; }
        T& operator*() { return guarded_.value_; }

    private:
        Guarded& guarded_;
        IrqState irqs_;
    };

    Locked lock() { return Locked(*this); }
    /// For asserts and statistics only; never for access.
    const SpinLock& raw_lock() const { return lock_; }

private:
    SpinLock lock_;
    T value_;
};
