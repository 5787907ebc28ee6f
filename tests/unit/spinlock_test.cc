// tests/unit/spinlock_test.cc — SpinLock, SpinLockGuard and Guarded<T> on the fake CPU.
//
// The fake irq.hh models the interrupt flag per thread and the fake percpu.hh gives
// each thread a CPU index, so these tests see what a lock does to the flag and how it
// reports misuse; real threads check mutual exclusion.
// UNIT_SOURCES: kernel/lib/format.cc
#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include <csignal>
#include <optional>
#include <thread>
#include <vector>

#include "lib/spinlock.hh"
#include "support/unit.hh"

Test(spinlock, lock_disables_interrupts_and_unlock_restores_them) {
    SpinLock lock("t");
    cr_assert(arch::irqs_enabled());
    IrqState irqs = lock.lock();
    cr_assert(irqs.were_enabled());
    cr_assert(not(arch::irqs_enabled()));
    cr_assert(lock.is_locked());
    cr_assert(lock.held_by_me());
    lock.unlock(std::move(irqs));
    cr_assert(arch::irqs_enabled());
    cr_assert(not(lock.is_locked()));
    cr_assert(not(lock.held_by_me()));
    cr_assert(eq(str, lock.name(), "t"));
}

Test(spinlock, interrupts_stay_off_if_they_were_off) {
    SpinLock lock("t");
    arch::irq_disable();
    IrqState irqs = lock.lock();
    cr_assert(not(irqs.were_enabled()));
    lock.unlock(std::move(irqs));
    cr_assert(not(arch::irqs_enabled()));
    arch::irq_enable();
}

Test(spinlock, nested_locks_restore_in_order) {
    SpinLock a("a"), b("b");
    {
        SpinLockGuard ga(a);
        cr_assert(not(arch::irqs_enabled()));
        {
            SpinLockGuard gb(b);
            cr_assert(b.held_by_me());
        }
        cr_assert(not(arch::irqs_enabled()));  // a is still held
        cr_assert(not(b.is_locked()));
        cr_assert(a.held_by_me());
    }
    cr_assert(arch::irqs_enabled());
    cr_assert(eq(u64, fake::irq.disables, 1));
    cr_assert(eq(u64, fake::irq.enables, 1));
}

Test(spinlock, try_lock) {
    SpinLock lock("t");
    std::optional<IrqState> irqs = lock.try_lock();
    cr_assert(irqs.has_value());
    cr_assert(irqs->were_enabled());
    cr_assert(not(arch::irqs_enabled()));
    bool other_got_it = true, other_irqs_after = false;
    std::thread other([&] {
        other_got_it = lock.try_lock().has_value();  // held by the first thread's CPU
        other_irqs_after = arch::irqs_enabled();     // a failed try_lock restores the flag
    });
    other.join();
    cr_assert(not(other_got_it));
    cr_assert(other_irqs_after);
    lock.unlock(std::move(*irqs));
    cr_assert(arch::irqs_enabled());
}

Test(spinlock, guarded_is_reached_only_through_the_lock) {
    struct Counter {
        int value = 0;
        int twice() const { return 2 * value; }
    };
    Guarded<Counter> g("counter");
    {
        auto c = g.lock();
        cr_assert(g.raw_lock().held_by_me());
        cr_assert(not(arch::irqs_enabled()));
        c->value = 21;
        cr_assert(eq(int, (*c).twice(), 42));
    }
    cr_assert(not(g.raw_lock().is_locked()));
    cr_assert(arch::irqs_enabled());
    Guarded<int> seeded("seeded", 7);
    cr_assert(eq(int, *seeded.lock(), 7));
}

Test(spinlock, taking_a_held_lock_again_panics) {
    auto r = unit::capture_panic([] {
        SpinLock lock("recursive");
        IrqState first = lock.lock();
        IrqState second = lock.lock();
    });
    cr_assert(r.panicked, "output: %s", r.output.c_str());
    cr_assert(
        eq(str, r.message().c_str(), "spinlock 'recursive': cpu 0 takes a lock it already holds"));
}

Test(spinlock, unlock_of_a_free_lock_panics) {
    auto r = unit::capture_panic([] {
        SpinLock lock("free");
        lock.unlock(IrqState::save());
    });
    cr_assert(r.panicked);
    cr_assert(eq(str, r.message().c_str(), "spinlock 'free': unlock of a lock that is not held"));
}

Test(spinlock, unlock_by_another_cpu_panics) {
    auto r = unit::capture_panic([] {
        SpinLock lock("mine");
        IrqState irqs = lock.lock();
        fake::set_cpu_index(3);
        lock.unlock(std::move(irqs));
    });
    cr_assert(r.panicked);
    cr_assert(r.message_contains("cpu 3 unlocks a lock held by cpu 0"), "message: %s",
              r.message().c_str());
}

Test(spinlock, recursive_guarded_lock_aborts, .signal = SIGABRT) {
    Guarded<int> g("g", 0);
    auto outer = g.lock();
    auto inner = g.lock();
}

Test(spinlock, threads_exclude_each_other) {
    constexpr int THREADS = 4, ROUNDS = 20000;
    struct Shared {
        u64 count = 0;
        int inside = 0;
        int max_inside = 0;
    };
    Guarded<Shared> shared("shared");
    std::vector<std::thread> threads;
    for (int t = 0; t < THREADS; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < ROUNDS; ++i) {
                auto s = shared.lock();
                if (arch::irqs_enabled()) std::abort();  // must be off inside the lock
                ++s->inside;
                if (s->inside > s->max_inside) s->max_inside = s->inside;
                u64 c = s->count;
                if (i % 64 == 0) std::this_thread::yield();
                s->count = c + 1;
                --s->inside;
            }
            if (!arch::irqs_enabled()) std::abort();
        });
    }
    for (auto& t : threads) t.join();
    auto s = shared.lock();
    cr_assert(eq(u64, s->count, u64(THREADS) * ROUNDS));
    cr_assert(eq(int, s->max_inside, 1));
}

// --- the interrupt state as a value (lib/irq_state.hh) -------------------------------

Test(irq_state, guard_restores_at_the_end_of_its_scope) {
    {
        IrqGuard g;
        cr_assert(not(arch::irqs_enabled()));
        {
            IrqGuard inner;  // already off: stays off after it
        }
        cr_assert(not(arch::irqs_enabled()));
    }
    cr_assert(arch::irqs_enabled());
}

Test(irq_state, moves_to_a_new_owner_once) {
    IrqState a = IrqState::save();
    IrqState b = std::move(a);
    cr_assert(not(arch::irqs_enabled()));
    b.restore();
    cr_assert(arch::irqs_enabled());
}

Test(irq_state, dropping_an_unrestored_state_panics) {
    auto r = unit::capture_panic([] { IrqState forgotten = IrqState::save(); });
    cr_assert(r.panicked);
    cr_assert(eq(str, r.message().c_str(),
                 "interrupt state dropped without being restored (interrupts were on)"));
}

Test(irq_state, restoring_twice_panics) {
    auto r = unit::capture_panic([] {
        IrqState s = IrqState::save();
        s.restore();
        s.restore();
    });
    cr_assert(r.panicked);
    cr_assert(r.message_contains("restored twice"), "message: %s", r.message().c_str());
}

Test(irq_state, a_lock_that_is_never_unlocked_panics) {
    auto r = unit::capture_panic([] {
        static SpinLock lock("kept");
        (void)lock.lock();  // the state is dropped here, the lock never released
    });
    cr_assert(r.panicked);
    cr_assert(r.message_contains("dropped without being restored"), "message: %s",
              r.message().c_str());
}

// --- lock order (LARCH_DEBUG) ---------------------------------------------------------

Test(lock_order, increasing_ranks_are_fine_in_any_number) {
    SpinLock low("low", 10), mid("mid", 20), high("high", 30), free_rank("unranked");
    {
        SpinLockGuard a(low);
        SpinLockGuard b(mid);
        SpinLockGuard u(free_rank);  // unranked: not checked either way
        SpinLockGuard c(high);
    }
    {
        IrqGuard off;
        low.lock_irqs_off();
        mid.lock_irqs_off();
        low.unlock_irqs_off();  // released out of order: the record follows
        { SpinLockGuard c(high); }
        mid.unlock_irqs_off();
    }
    SpinLockGuard again(high);  // nothing is left recorded as held
}

Test(lock_order, an_inversion_panics_naming_both_locks) {
    auto r = unit::capture_panic([] {
        static SpinLock runqueue("runqueue", lock_rank::RUNQUEUE);
        static SpinLock tree("proc-tree", lock_rank::SLEEP);
        SpinLockGuard a(runqueue);
        SpinLockGuard b(tree);
    });
    cr_assert(r.panicked, "output: %s", r.output.c_str());
    cr_assert(
        eq(str, r.message().c_str(),
           "lock order: cpu 0 takes 'proc-tree' (rank 10) while holding 'runqueue' (rank 30)"));
}

Test(lock_order, two_locks_of_one_class_panic) {
    auto r = unit::capture_panic([] {
        static SpinLock a("runqueue-0", lock_rank::RUNQUEUE), b("runqueue-1", lock_rank::RUNQUEUE);
        SpinLockGuard ga(a);
        SpinLockGuard gb(b);
    });
    cr_assert(r.panicked);
    cr_assert(
        r.message_contains("takes 'runqueue-1' (rank 30) while holding 'runqueue-0' (rank 30)"),
        "message: %s", r.message().c_str());
}

Test(lock_order, a_try_lock_is_recorded_for_later_checks) {
    auto r = unit::capture_panic([] {
        static SpinLock high("high", 30), low("low", 10);
        std::optional<IrqState> s = high.try_lock();
        SpinLockGuard g(low);
    });
    cr_assert(r.panicked);
    cr_assert(r.message_contains("takes 'low' (rank 10) while holding 'high' (rank 30)"),
              "message: %s", r.message().c_str());
}
