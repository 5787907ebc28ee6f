// kernel/proc/timer.cc — per-CPU heaps of callback timers, expired on the tick (timer.hh).
//
// Each CPU has a TimerBase: a lock, a pairing heap of pending timers by deadline, and
// the timer whose callback it is running (if any). A timer's `cpu` field says which
// base holds it; it changes only under that base's lock, so start and cancel look the
// field up, lock that base, and check again (the timer may have fired or moved).
//
// Cancel against a concurrent expiry: the tick takes the timer out of the heap under
// the lock, marks it `running` and calls it without the lock; a cancel that finds the
// timer not pending but `running` on another CPU spins until that callback returns.
// The earliest deadline of each base is also kept as an atomic, so a tick with nothing
// due takes no lock.
#include "proc/timer.hh"

#include <optional>

#include "arch/x86_64/cpu.hh"
#include "arch/x86_64/percpu.hh"
#include "drivers/timer/clock.hh"
#include "lib/spinlock.hh"

namespace proc {
namespace {

struct TimerBase {
    SpinLock lock{"timer-base", lock_rank::TIMED};
    PairingHeap<Timer, &Timer::node, &Timer::deadline_ns> heap;
    std::atomic<Timer*> running{nullptr};
    std::atomic<u64> earliest{~0ull};
};

TimerBase bases[arch::MAX_CPUS];
std::atomic<u64> fired{0};

void update_earliest(TimerBase& b) {
    Timer* top = b.heap.top();
    b.earliest.store(top ? top->deadline_ns : ~0ull, std::memory_order_relaxed);
}

// Locks the base that holds @p t (or, when it is in none, returns with nothing locked
// and null). On return with a base, t->cpu names it and it cannot change.
TimerBase* lock_base_of(Timer& t, std::optional<IrqState>& irqs) {
    for (;;) {
        int c = t.cpu.load(std::memory_order_acquire);
        if (c < 0) return nullptr;
        TimerBase& b = bases[c];
        irqs.emplace(b.lock.lock());
        if (t.cpu.load(std::memory_order_relaxed) == c) return &b;
        b.lock.unlock(std::move(*irqs));
        irqs.reset();
    }
}

}  // namespace

void timer_start(Timer& t, u64 deadline_ns) {
    IrqGuard irqs_off;  // the CPU index stays ours
    {
        std::optional<IrqState> irqs;
        if (TimerBase* old = lock_base_of(t, irqs)) {
            old->heap.remove(t);
            t.cpu.store(-1, std::memory_order_relaxed);
            update_earliest(*old);
            old->lock.unlock(std::move(*irqs));
        }
    }
    unsigned me = arch::cpu_index();
    TimerBase& b = bases[me];
    SpinLockGuard g(b.lock);
    t.deadline_ns = deadline_ns;
    b.heap.insert(t);
    t.cpu.store(int(me), std::memory_order_release);
    update_earliest(b);
}

bool timer_cancel(Timer& t) {
    {
        std::optional<IrqState> irqs;
        if (TimerBase* b = lock_base_of(t, irqs)) {
            b->heap.remove(t);
            t.cpu.store(-1, std::memory_order_relaxed);
            update_earliest(*b);
            b->lock.unlock(std::move(*irqs));
            return true;
        }
    }
    // Not pending: wait for a callback still running elsewhere (not our own caller).
    IrqGuard irqs_off;
    unsigned me = arch::cpu_index();
    for (unsigned c = 0; c < arch::MAX_CPUS; ++c) {
        if (c == me) continue;
        while (bases[c].running.load(std::memory_order_acquire) == &t) arch::cpu_relax();
    }
    return false;
}

void timers_expire() {
    TimerBase& b = bases[arch::cpu_index()];
    u64 now = ktime::now_ns();
    if (now < b.earliest.load(std::memory_order_relaxed)) return;
    IrqState irqs = b.lock.lock();
    while (Timer* t = b.heap.top()) {
        if (t->deadline_ns > now) break;
        b.heap.remove(*t);
        b.running.store(t, std::memory_order_relaxed);
        t->cpu.store(-1, std::memory_order_release);  // a cancel that sees -1 sees running
        update_earliest(b);
        b.lock.unlock(std::move(irqs));
        t->fn(*t);  // may free or restart t: it is not touched again
        fired.fetch_add(1, std::memory_order_relaxed);
        irqs = b.lock.lock();
        b.running.store(nullptr, std::memory_order_release);
    }
    update_earliest(b);
    b.lock.unlock(std::move(irqs));
}

bool timer_pending(const Timer& t) { return t.cpu.load(std::memory_order_relaxed) >= 0; }

usize timers_pending_on(unsigned cpu) { return cpu < arch::MAX_CPUS ? bases[cpu].heap.size() : 0; }

u64 timers_fired() { return fired.load(std::memory_order_relaxed); }

}  // namespace proc
