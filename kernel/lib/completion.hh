// kernel/lib/completion.hh — a completion: one side waits until the other says "done".
//
// The shape of "start something, then wait for it to finish" (a kernel thread's first
// run, an I/O request, a vfork child's exec) without a condition variable of one's
// own: complete() counts one event and wakes one waiter; complete_all() releases every
// waiter, now and later; wait() sleeps until an event is there and consumes it.
//
//   Completion started;
//   kthread_create("worker", worker, &started);
//   started.wait();                 // worker calls started.complete()
#pragma once

#include "lib/spinlock.hh"
#include "proc/wait_queue.hh"

/// Counted events that tasks can wait for.
class Completion {
public:
    Completion() = default;
    Completion(const Completion&) = delete;
    Completion& operator=(const Completion&) = delete;

    /// Counts one event and wakes one waiter. Any context (interrupts too).
    void complete();
    /// Every wait() from now on returns at once (until reinit()). Any context.
    void complete_all();
    /// Sleeps until an event is there and consumes it (none after complete_all). May sleep.
    void wait();
    /// The same, giving up at monotonic time @p deadline_ns: false on time-out.
    bool wait_until(u64 deadline_ns);
    /// Consumes an event if one is there; never sleeps.
    bool try_wait();
    /// Forgets every event (before the completion is used again).
    void reinit();

private:
    static constexpr u64 ALL = ~0ull;
    SpinLock lock_{"completion", lock_rank::SLEEP};
    u64 done_ = 0;  // events not consumed yet; ALL after complete_all
    proc::WaitQueue waiters_;
};
