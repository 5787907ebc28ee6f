// kernel/lib/spinlock.hh — SMP-safe spinlocks that save interrupt state, and Guarded<T>,
// data that can only be reached through its lock.
//
//   Guarded<RunQueue> runqueue_;
//   {
//       auto rq = runqueue_.lock();   // interrupts off, lock taken
//       rq->push(task);
//   }                                 // lock released, interrupts as they were
//
// Misuse panics with the lock's name: taking a lock this CPU already holds (a
// self-deadlock), releasing a lock that is not held or is held by another CPU.
#pragma once

#include <atomic>
#include <utility>

#include "arch/x86_64/irq.hh"
#include "arch/x86_64/percpu.hh"
#include "lib/panic.hh"

class SpinLock {
public:
    constexpr explicit SpinLock(const char* name = "anonymous") : name_(name) {}
    SpinLock(const SpinLock&) = delete;
    SpinLock& operator=(const SpinLock&) = delete;

    /// Disables interrupts, then spins until the lock is ours. Returns the previous
    /// interrupt state, to be handed back to unlock().
    //! [spinlock_lock]
    [[nodiscard]] bool lock() {
        bool irqs = arch::irq_save();
        unsigned me = arch::cpu_index();
        if (locked_.load(std::memory_order_relaxed) && owner_ == me)
            panic("spinlock '{}': cpu {} takes a lock it already holds", name_, me);
        while (locked_.exchange(true, std::memory_order_acquire))
            while (locked_.load(std::memory_order_relaxed)) arch::cpu_relax();
        owner_ = me;
        return irqs;
    }
    //! [spinlock_lock]

    /// Non-blocking: takes the lock if it is free.
    [[nodiscard]] bool try_lock(bool& irqs) {
        irqs = arch::irq_save();
        if (locked_.exchange(true, std::memory_order_acquire)) {
            arch::irq_restore(irqs);
            return false;
        }
        owner_ = arch::cpu_index();
        return true;
    }

    //! [spinlock_unlock]
    void unlock(bool irqs) {
        if (!locked_.load(std::memory_order_relaxed))
            panic("spinlock '{}': unlock of a lock that is not held", name_);
        if (owner_ != arch::cpu_index())
            panic("spinlock '{}': cpu {} unlocks a lock held by cpu {}", name_, arch::cpu_index(),
                  owner_);
        owner_ = NO_OWNER;
        locked_.store(false, std::memory_order_release);
        arch::irq_restore(irqs);
    }
    //! [spinlock_unlock]

    bool is_locked() const { return locked_.load(std::memory_order_relaxed); }
    /// True when the calling CPU holds the lock (for asserts).
    bool held_by_me() const { return is_locked() && owner_ == arch::cpu_index(); }
    const char* name() const { return name_; }

private:
    static constexpr unsigned NO_OWNER = ~0u;
    std::atomic<bool> locked_{false};
    unsigned owner_ = NO_OWNER;
    const char* name_;
};

/// Holds a SpinLock for the lifetime of a scope.
class [[nodiscard]] SpinLockGuard {
public:
    explicit SpinLockGuard(SpinLock& lock) : lock_(lock), irqs_(lock.lock()) {}
    ~SpinLockGuard() { lock_.unlock(irqs_); }
    SpinLockGuard(const SpinLockGuard&) = delete;
    SpinLockGuard& operator=(const SpinLockGuard&) = delete;

private:
    SpinLock& lock_;
    bool irqs_;
};

/// A T that is only reachable while its lock is held.
template <typename T>
class Guarded {
public:
    template <typename... Args>
    constexpr explicit Guarded(const char* name, Args&&... args)
        : lock_(name), value_(std::forward<Args>(args)...) {}

    /// Access to the value for as long as the returned object lives.
    class [[nodiscard]] Locked {
    public:
        explicit Locked(Guarded& g) : guarded_(g), irqs_(g.lock_.lock()) {}
        ~Locked() { guarded_.lock_.unlock(irqs_); }
        Locked(const Locked&) = delete;
        Locked& operator=(const Locked&) = delete;
        T* operator->() { return &guarded_.value_; }
        T& operator*() { return guarded_.value_; }

    private:
        Guarded& guarded_;
        bool irqs_;
    };

    Locked lock() { return Locked(*this); }
    /// For asserts and statistics only; never for access.
    const SpinLock& raw_lock() const { return lock_; }

private:
    SpinLock lock_;
    T value_;
};
