// kernel/proc/timer.hh — callback timers: run a function at a monotonic deadline.
//
// Each CPU keeps its pending timers in a pairing heap (lib/pairing_heap.hh) keyed by
// deadline, so that starting, cancelling and expiring one costs O(log n) with n timers
// on that CPU. The LAPIC tick (1000 Hz) expires every timer whose deadline has passed:
// the resolution is one tick, and a callback runs at most ~1 ms late (later when the
// CPU had interrupts off). A timer belongs to the CPU that started it until it fires.
//
//   struct Alarm { proc::Timer timer; ... };
//   void ring(proc::Timer& t) { Alarm* a = t.container<Alarm>(); ... }   // irqs off
//   alarm.timer.fn = ring;
//   proc::timer_start(alarm.timer, ktime::now_ns() + 5 * NS_PER_SEC);
//   ...
//   proc::timer_cancel(alarm.timer);   // after this, ring is not running and will not
//
// Rules for a callback: it runs on the tick, in interrupt context, with interrupts off
// and no timer lock held: it must not sleep; it may take spinlocks of any rank above
// lock_rank::TIMED (run queues: wake_task), and may start timers again (periodic ones
// re-arm themselves with timer_start from the callback). The timer's memory must stay
// valid until timer_cancel() has returned or the callback has run (cancel before
// freeing: cancel waits for a callback running on another CPU).
//
// Users: sleep_on_until (nanosleep, clock_nanosleep, every timed wait), and, in lab 04,
// alarm/setitimer/POSIX timers (signals) and futex time-outs; TCP's timers in lab 07.
#pragma once

#include <atomic>

#include "lib/pairing_heap.hh"
#include "lib/types.hh"

namespace proc {

struct Timer;
/// A timer's callback: interrupt context, interrupts off; see the rules above.
using TimerFn = void (*)(Timer& timer);

/// A one-shot callback timer. Fill fn (and arg) once; start and cancel it any number
/// of times.
struct Timer {
    u64 deadline_ns = 0;   ///< monotonic (ktime::now_ns) time it fires; set by timer_start
    TimerFn fn = nullptr;  ///< what runs when it fires
    void* arg = nullptr;   ///< for fn

    Timer() = default;
    Timer(TimerFn f, void* a) : fn(f), arg(a) {}
    Timer(const Timer&) = delete;
    Timer& operator=(const Timer&) = delete;

    /// The object this timer is embedded in as member @p M (for callbacks).
    template <typename C>
    C* container(Timer C::*M) {
        constexpr uptr base = 4096;
        const auto* probe = reinterpret_cast<const C*>(base);
        auto offset = reinterpret_cast<uptr>(&(probe->*M)) - base;
        return reinterpret_cast<C*>(reinterpret_cast<uptr>(this) - offset);
    }

    // Internal: guarded by the lock of the CPU the timer is queued on.
    HeapNode node;
    std::atomic<int> cpu{-1};  ///< the CPU whose heap holds it, -1 when idle
};

/// Arms @p t to fire at @p deadline_ns on the calling CPU (a deadline in the past fires
/// at the next tick). If it was pending already it is moved to the new deadline.
/// Any context; never sleeps.
void timer_start(Timer& t, u64 deadline_ns);

/// Disarms @p t. Returns true when it was pending (its callback will not run), false
/// when it was not (it fired already, or was never started). If its callback is
/// running on another CPU right now, waits for it to return, so that afterwards the
/// timer is neither pending nor running and its memory may go (from inside its own
/// callback it returns at once). Any context; spins at most one callback's time.
bool timer_cancel(Timer& t);

/// Whether @p t is pending (for asserts and tests; it may change at once).
bool timer_pending(const Timer& t);

/// Runs the callbacks of the calling CPU's expired timers (the tick, proc/sched.cc).
void timers_expire();

/// Timers pending on CPU @p cpu, and callbacks run since boot on every CPU (tests).
usize timers_pending_on(unsigned cpu);
u64 timers_fired();

}  // namespace proc
