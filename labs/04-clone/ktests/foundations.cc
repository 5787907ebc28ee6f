// labs/04-clone/ktests/foundations.cc — lab 04's kernel machinery: kernel threads, sleeping
// locks, wait-queue entries, callback timers, task references.
//
//   kthread_run_and_reap    kernel threads run on any CPU, sleep on a timer, end; the
//                           reaper frees them. Values: threads, cpus_used, reaped.
//   mutex_contention        4 kernel threads x 500 increments under one Mutex, each
//                           yielding inside the section: no two owners, no lost update.
//                           Values: increments.
//   completion_handoff      complete() wakes one waiter per event; complete_all frees all.
//   wait_entry_two_queues   one task waits on two queues at once (kept entries, the
//                           set_sleeping protocol); a wake on either queue wakes it, and
//                           a callback entry runs its function instead.
//   timer_heap_expiry       300 timers with random deadlines over 30 ms: every one fires
//                           once, never early; a cancelled half never fires; O(log n)
//                           heap. Values: fired, cancelled, worst_late_us.
//   task_refs_reaper        task_get/task_put keep a dead kernel thread's memory until
//                           the last reference, then the reaper frees it.
//
// The tests run in the boot CPU's context, which is that CPU's idle task: it cannot
// sleep, so it waits for its threads with wait_for(), yielding and halting.
#include <atomic>

#include "arch/x86_64/irq.hh"
#include "arch/x86_64/percpu.hh"
#include "drivers/timer/clock.hh"
#include "lib/completion.hh"
#include "lib/mutex.hh"
#include "proc/kthread.hh"
#include "proc/sched.hh"
#include "proc/table.hh"
#include "proc/timer.hh"
#include "test/ktest.hh"

namespace {

constexpr u64 MS = 1000000;

// Waits (yielding to the threads, halting between ticks) until @p v reaches @p target.
bool wait_for(const std::atomic<int>& v, int target, u64 timeout_ms = 5000) {
    u64 end = ktime::now_ns() + timeout_ms * MS;
    while (v.load(std::memory_order_acquire) < target) {
        if (ktime::now_ns() > end) return false;
        proc::yield();
        arch::irq_enable();
        asm volatile("hlt");
    }
    return true;
}

// Sleeps the calling kernel thread for @p ns on a private queue.
void nap(u64 ns) {
    SpinLock lock("ktest-nap", lock_rank::SLEEP);
    proc::WaitQueue wq;
    SpinLockGuard g(lock);
    u64 end = ktime::now_ns() + ns;
    while (ktime::now_ns() < end) proc::sleep_on_until(wq, lock, end);
}

// --- kernel threads ------------------------------------------------------------------

std::atomic<int> kt_done{0};
std::atomic<u64> kt_cpus{0};

void kt_body(void*) {
    kt_cpus.fetch_or(1ull << arch::cpu_index());
    nap(3 * MS);
    kt_cpus.fetch_or(1ull << arch::cpu_index());
    kt_done.fetch_add(1, std::memory_order_release);
}

}  // namespace

KTEST("04-clone", kthread_run_and_reap) {
    constexpr int N = 8;
    kt_done = 0;
    kt_cpus = 0;
    u64 freed_before = proc::reaper_freed();
    for (int i = 0; i < N; ++i) {
        auto r = proc::kthread_create("ktest-kt", kt_body, nullptr);
        if (!t.expect(!r.is_error(), "kthread_create failed")) return;
        proc::task_put(r.value());
    }
    if (!t.expect(wait_for(kt_done, N), "kernel threads did not all finish in 5 s")) return;
    u64 end = ktime::now_ns() + 2000 * MS;
    while (proc::reaper_freed() - freed_before < N && ktime::now_ns() < end) proc::yield();
    int cpus = 0;
    for (u64 m = kt_cpus.load(); m; m &= m - 1) ++cpus;
    t.value("threads", N);
    t.value("cpus_used", cpus);
    t.value("reaped", proc::reaper_freed() - freed_before);
    t.expect(proc::reaper_freed() - freed_before >= N, "the reaper did not free every thread");
    unsigned online = arch::cpus_online.load();
    if (online > 1) t.expect(cpus > 1, "every kernel thread ran on one CPU");
}

namespace {

// --- mutex -----------------------------------------------------------------------------

Mutex m_lock{"ktest-mutex"};
std::atomic<int> m_inside{0};
std::atomic<int> m_done{0};
std::atomic<int> m_errors{0};
u64 m_counter = 0;

void m_body(void*) {
    for (int i = 0; i < 500; ++i) {
        MutexGuard g(m_lock);
        if (m_inside.fetch_add(1) != 0) m_errors.fetch_add(1);
        u64 v = m_counter;
        if (i % 16 == 0) proc::yield();  // hold it across a switch
        m_counter = v + 1;
        m_inside.fetch_sub(1);
    }
    m_done.fetch_add(1, std::memory_order_release);
}

}  // namespace

KTEST("04-clone", mutex_contention) {
    m_counter = 0;
    m_done = 0;
    m_errors = 0;
    for (int i = 0; i < 4; ++i) {
        auto r = proc::kthread_create("ktest-mutex", m_body, nullptr);
        if (!t.expect(!r.is_error(), "kthread_create failed")) return;
        proc::task_put(r.value());
    }
    if (!t.expect(wait_for(m_done, 4, 20000), "mutex users did not finish in 20 s")) return;
    t.value("increments", m_counter);
    t.expect(m_errors.load() == 0, "two tasks held the mutex at once");
    t.expect(m_counter == 2000, "increments were lost");
    t.expect(m_lock.owner() == nullptr, "the mutex is still held");
}

namespace {

// --- completion ------------------------------------------------------------------------

Completion c_go;
std::atomic<int> c_passed{0};

void c_body(void*) {
    c_go.wait();
    c_passed.fetch_add(1, std::memory_order_release);
}

}  // namespace

KTEST("04-clone", completion_handoff) {
    c_go.reinit();
    c_passed = 0;
    for (int i = 0; i < 3; ++i) {
        auto r = proc::kthread_create("ktest-compl", c_body, nullptr);
        if (!t.expect(!r.is_error(), "kthread_create failed")) return;
        proc::task_put(r.value());
    }
    u64 settle = ktime::now_ns() + 20 * MS;
    while (ktime::now_ns() < settle) proc::yield();
    t.expect(c_passed.load() == 0, "a waiter passed before any complete()");
    c_go.complete();
    t.expect(wait_for(c_passed, 1), "complete() woke nobody");
    settle = ktime::now_ns() + 20 * MS;
    while (ktime::now_ns() < settle) proc::yield();
    t.expect(c_passed.load() == 1, "one complete() let more than one waiter through");
    c_go.complete_all();
    t.expect(wait_for(c_passed, 3), "complete_all() did not release every waiter");
    t.expect(c_go.try_wait(), "after complete_all, try_wait fails");
}

namespace {

// --- a task on two wait queues ---------------------------------------------------------

SpinLock q_lock_a("ktest-qa", lock_rank::SLEEP), q_lock_b("ktest-qb", lock_rank::SLEEP);
proc::WaitQueue q_a, q_b;
std::atomic<int> q_flag{0};   // which queue's condition became true (1: a, 2: b)
std::atomic<int> q_woken{0};  // how often the waiter saw its condition
std::atomic<int> q_registered{0};
std::atomic<int> q_callbacks{0};

bool q_callback(proc::WaitEntry&) {
    q_callbacks.fetch_add(1);
    return true;
}

void q_body(void*) {
    proc::Task* me = proc::current();
    for (int round = 1; round <= 2; ++round) {
        proc::WaitEntry ea(me), eb(me);
        ea.keep = eb.keep = true;
        {
            SpinLockGuard g(q_lock_a);
            q_a.add(ea);
        }
        {
            SpinLockGuard g(q_lock_b);
            q_b.add(eb);
        }
        q_registered.fetch_add(1, std::memory_order_release);
        for (;;) {
            proc::set_sleeping();
            if (q_flag.load(std::memory_order_acquire) == round) break;
            proc::schedule_sleeping();
        }
        proc::set_running();
        {
            SpinLockGuard g(q_lock_a);
            q_a.remove_if_linked(ea);
        }
        {
            SpinLockGuard g(q_lock_b);
            q_b.remove_if_linked(eb);
        }
        q_woken.fetch_add(1, std::memory_order_release);
    }
}

}  // namespace

KTEST("04-clone", wait_entry_two_queues) {
    q_flag = q_woken = q_registered = q_callbacks = 0;
    auto r = proc::kthread_create("ktest-2q", q_body, nullptr);
    if (!t.expect(!r.is_error(), "kthread_create failed")) return;
    proc::task_put(r.value());
    proc::WaitEntry cb(nullptr, q_callback, nullptr);
    cb.keep = true;
    {
        SpinLockGuard g(q_lock_b);
        q_b.add(cb);
    }
    // Round 1: the condition of queue a; round 2: of queue b (with a callback entry too).
    if (!t.expect(wait_for(q_registered, 1), "the waiter did not start")) return;
    q_flag.store(1, std::memory_order_release);
    {
        SpinLockGuard g(q_lock_a);
        q_a.wake_all();
    }
    if (!t.expect(wait_for(q_woken, 1), "a wake-up on the first queue was lost")) return;
    if (!t.expect(wait_for(q_registered, 2), "the waiter did not wait again")) return;
    q_flag.store(2, std::memory_order_release);
    {
        SpinLockGuard g(q_lock_b);
        q_b.wake_all();
    }
    t.expect(wait_for(q_woken, 2), "a wake-up on the second queue was lost");
    {
        SpinLockGuard g(q_lock_b);
        q_b.remove_if_linked(cb);
        t.expect(q_b.empty(), "an entry was left on queue b");
    }
    t.expect(q_callbacks.load() == 1, "the callback entry did not run exactly once");
}

namespace {

// --- timers ----------------------------------------------------------------------------

constexpr int TIMERS = 300;
struct TestTimer {
    proc::Timer timer;
    std::atomic<int> fired{0};
    u64 late_ns = 0;
    bool early = false;
};
TestTimer timers[TIMERS];
std::atomic<int> t_fired{0};

void on_timer(proc::Timer& tm) {
    TestTimer* tt = tm.container(&TestTimer::timer);
    u64 now = ktime::now_ns();
    if (now < tm.deadline_ns) tt->early = true;
    else tt->late_ns = now - tm.deadline_ns;
    tt->fired.fetch_add(1);
    t_fired.fetch_add(1, std::memory_order_release);
}

}  // namespace

KTEST("04-clone", timer_heap_expiry) {
    t_fired = 0;
    u64 seed = ktime::now_ns() | 1;
    u64 now = ktime::now_ns();
    for (int i = 0; i < TIMERS; ++i) {
        seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
        timers[i].fired = 0;
        timers[i].early = false;
        timers[i].timer.fn = on_timer;
        proc::timer_start(timers[i].timer, now + 5 * MS + seed % (30 * MS));
    }
    t.expect(proc::timers_pending_on(arch::cpu_index()) >= TIMERS, "timers are not pending");
    int cancelled = 0;
    for (int i = 0; i < TIMERS; i += 2)
        if (proc::timer_cancel(timers[i].timer)) ++cancelled;
    // Re-arming moves a pending timer instead of queueing it twice.
    proc::timer_start(timers[1].timer, now + 10 * MS);
    proc::timer_start(timers[1].timer, now + 12 * MS);
    u64 end = ktime::now_ns() + 5000 * MS;
    while (t_fired.load() < TIMERS - cancelled && ktime::now_ns() < end) {
        arch::irq_enable();
        asm volatile("hlt");
    }
    u64 settle = ktime::now_ns() + 40 * MS;
    while (ktime::now_ns() < settle) asm volatile("hlt");
    u64 worst = 0;
    int wrong = 0, early = 0;
    for (int i = 0; i < TIMERS; ++i) {
        int want = i % 2 == 0 ? 0 : 1;
        if (timers[i].fired.load() != want) ++wrong;
        if (timers[i].early) ++early;
        if (timers[i].late_ns > worst) worst = timers[i].late_ns;
    }
    t.value("fired", t_fired.load());
    t.value("cancelled", cancelled);
    t.value("worst_late_us", worst / 1000);
    t.expect(cancelled == TIMERS / 2, "timer_cancel did not find every pending timer");
    t.expect(wrong == 0, "a timer fired twice, or a cancelled one fired, or one never fired");
    t.expect(early == 0, "a timer fired before its deadline");
    t.expect(proc::timers_pending_on(arch::cpu_index()) == 0, "timers are still pending");
}

namespace {

std::atomic<int> r_done{0};
void r_body(void*) { r_done.fetch_add(1, std::memory_order_release); }

}  // namespace

KTEST("04-clone", task_refs_reaper) {
    r_done = 0;
    u64 freed_before = proc::reaper_freed();
    auto r = proc::kthread_create("ktest-ref", r_body, nullptr);
    if (!t.expect(!r.is_error(), "kthread_create failed")) return;
    proc::Task* task = r.value();
    proc::task_get(task);  // a second holder
    if (!t.expect(wait_for(r_done, 1), "the thread did not run")) return;
    u64 settle = ktime::now_ns() + 30 * MS;
    while (ktime::now_ns() < settle) proc::yield();
    t.expect(proc::reaper_freed() == freed_before, "freed while references were held");
    t.expect(task->state == proc::State::Zombie, "a finished kernel thread is not a zombie");
    t.expect(task->refs.load() == 2, "the thread's own reference was not dropped");
    proc::task_put(task);
    proc::task_put(task);  // the last: interrupts on, no lock: freed at once
    t.expect(proc::reaper_freed() == freed_before, "the last put from a task context deferred");
}
