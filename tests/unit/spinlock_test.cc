// tests/unit/spinlock_test.cc — SpinLock, SpinLockGuard and Guarded<T> on the fake CPU.
//
// The fake irq.hh models the interrupt flag per thread and the fake percpu.hh gives
// each thread a CPU index, so these tests see what a lock does to the flag and how it
// reports misuse; real threads check mutual exclusion.
// UNIT_SOURCES: kernel/lib/format.cc
#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include <csignal>
#include <thread>
#include <vector>

#include "lib/spinlock.hh"
#include "support/unit.hh"

Test(spinlock, lock_disables_interrupts_and_unlock_restores_them) {
    SpinLock lock("t");
    cr_assert(arch::irqs_enabled());
    bool irqs = lock.lock();
    cr_assert(irqs);
    cr_assert(not(arch::irqs_enabled()));
    cr_assert(lock.is_locked());
    cr_assert(lock.held_by_me());
    lock.unlock(irqs);
    cr_assert(arch::irqs_enabled());
    cr_assert(not(lock.is_locked()));
    cr_assert(not(lock.held_by_me()));
    cr_assert(eq(str, lock.name(), "t"));
}

Test(spinlock, interrupts_stay_off_if_they_were_off) {
    SpinLock lock("t");
    arch::irq_disable();
    bool irqs = lock.lock();
    cr_assert(not(irqs));
    lock.unlock(irqs);
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
    bool irqs = false;
    cr_assert(lock.try_lock(irqs));
    cr_assert(irqs);
    cr_assert(not(arch::irqs_enabled()));
    bool other_got_it = true, other_irqs_after = false;
    std::thread other([&] {
        bool their_irqs = false;
        other_got_it = lock.try_lock(their_irqs);  // held by the first thread's CPU
        other_irqs_after = arch::irqs_enabled();   // a failed try_lock restores the flag
    });
    other.join();
    cr_assert(not(other_got_it));
    cr_assert(other_irqs_after);
    lock.unlock(irqs);
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
        (void)lock.lock();
        (void)lock.lock();
    });
    cr_assert(r.panicked, "output: %s", r.output.c_str());
    cr_assert(
        eq(str, r.message().c_str(), "spinlock 'recursive': cpu 0 takes a lock it already holds"));
}

Test(spinlock, unlock_of_a_free_lock_panics) {
    auto r = unit::capture_panic([] {
        SpinLock lock("free");
        lock.unlock(true);
    });
    cr_assert(r.panicked);
    cr_assert(eq(str, r.message().c_str(), "spinlock 'free': unlock of a lock that is not held"));
}

Test(spinlock, unlock_by_another_cpu_panics) {
    auto r = unit::capture_panic([] {
        SpinLock lock("mine");
        bool irqs = lock.lock();
        fake::set_cpu_index(3);
        lock.unlock(irqs);
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
