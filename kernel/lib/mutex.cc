// kernel/lib/mutex.cc — the sleeping lock and the completion (mutex.hh, completion.hh).
//
// Both are a counter under a spinlock plus a wait queue: the waiter sleeps with
// proc::sleep_on(), which lets the spinlock go only once it is safely asleep, so a
// wake-up between the test and the sleep is never lost.
#include "lib/mutex.hh"

#include "drivers/timer/clock.hh"
#include "lib/completion.hh"
#include "proc/sched.hh"

// LAB_BEGIN(04-clone, 1): the mutex: sleep on its queue while another task owns it; unlock wakes one waiter
void Mutex::lock() {
    proc::may_sleep("Mutex::lock");
    proc::Task* me = proc::current();
    SpinLockGuard g(lock_);
    if (owner_ == me) panic("mutex '{}': locked twice by {}", lock_.name(), me->name);
    while (owner_) proc::sleep_on(waiters_, lock_);
    owner_ = me;
}

bool Mutex::try_lock() {
    SpinLockGuard g(lock_);
    if (owner_) return false;
    owner_ = proc::current();
    return true;
}

void Mutex::unlock() {
    SpinLockGuard g(lock_);
    if (owner_ != proc::current())
        panic("mutex '{}': unlocked by a task that does not hold it", lock_.name());
    owner_ = nullptr;
    waiters_.wake_one();
}
// LAB_FALLBACK
// void Mutex::lock() { panic("TODO(lab 04-clone): Mutex::lock"); }
// bool Mutex::try_lock() { return false; }
// void Mutex::unlock() {}
// LAB_END

bool Mutex::held_by_me() const { return owner_ && owner_ == proc::current(); }

// LAB_BEGIN(04-clone, 1): the completion: count events under the lock, sleep while there is none
void Completion::complete() {
    SpinLockGuard g(lock_);
    if (done_ != ALL) ++done_;
    waiters_.wake_one();
}

void Completion::complete_all() {
    SpinLockGuard g(lock_);
    done_ = ALL;
    waiters_.wake_all();
}

bool Completion::wait_until(u64 deadline_ns) {
    proc::may_sleep("Completion::wait");
    SpinLockGuard g(lock_);
    while (!done_) {
        if (deadline_ns && ktime::now_ns() >= deadline_ns) return false;
        if (deadline_ns) proc::sleep_on_until(waiters_, lock_, deadline_ns);
        else proc::sleep_on(waiters_, lock_);
    }
    if (done_ != ALL) --done_;
    return true;
}
// LAB_FALLBACK
// void Completion::complete() {}
// void Completion::complete_all() {}
// bool Completion::wait_until(u64) { panic("TODO(lab 04-clone): Completion::wait"); }
// LAB_END

void Completion::wait() { (void)wait_until(0); }

bool Completion::try_wait() {
    SpinLockGuard g(lock_);
    if (!done_) return false;
    if (done_ != ALL) --done_;
    return true;
}

void Completion::reinit() {
    SpinLockGuard g(lock_);
    done_ = 0;
}
