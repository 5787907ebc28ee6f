// labs/04-clone/ktests/cpus.cc — lab 04's CPU machinery: preempting a busy CPU, affinity,
// CPU-time accounting, the lock-up watchdog.
//
//   resched_ipi_preempts_busy   a kernel thread pinned to CPU 1 spins (with preemption
//                               points); waking a second thread pinned there preempts
//                               it within a few ticks. Values: wake_to_run_us.
//   affinity_migrates           a thread re-pinned to another CPU runs there next.
//                               Values: from, to.
//   cputime_system              a thread that computes 30 ms in the kernel is charged
//                               about that much system time, and no user time.
//                               Values: system_ms.
//   watchdog_stuck_cpu          a CPU that keeps interrupts off longer than the
//                               threshold (lowered to 200 ms here; 2 s off) is reported and
//                               prints its backtrace on an NMI. Values: reports.
// The first, second and last need two CPUs and pass trivially (a note says so) on one.
#include <atomic>

#include "arch/x86_64/irq.hh"
#include "arch/x86_64/percpu.hh"
#include "arch/x86_64/traps.hh"
#include "drivers/timer/clock.hh"
#include "lib/completion.hh"
#include "proc/cputime.hh"
#include "proc/kthread.hh"
#include "proc/sched.hh"
#include "proc/table.hh"
#include "proc/watchdog.hh"
#include "vm/address_space.hh"
#include "test/ktest.hh"
#include "boot_wait.hh"

namespace {

using ktest04::MS;
using ktest04::wait_until;

bool two_cpus(ktest::Context& t) {
    if (arch::cpus_online.load() >= 2) return true;
    t.note("one CPU: nothing to preempt or migrate across");
    return false;
}

// --- the resched IPI --------------------------------------------------------------------

std::atomic<int> spin_stop{0}, spin_started{0}, woken_ran{0};
std::atomic<u64> woken_at{0}, ran_at{0};

void spinner(void*) {
    spin_started.store(1, std::memory_order_release);
    while (!spin_stop.load(std::memory_order_acquire)) proc::cond_resched();
}

void sleeper(void*) {
    // Runs once as soon as it is created (pinned to CPU 1 already), then waits.
    ran_at.store(ktime::now_ns());
    woken_ran.store(1, std::memory_order_release);
}

}  // namespace

KTEST("04-clone", resched_ipi_preempts_busy) {
    if (!two_cpus(t)) return;
    spin_stop = spin_started = woken_ran = 0;
    auto s = proc::kthread_create("ktest-spin", spinner, nullptr);
    if (!t.expect(!s.is_error(), "kthread_create failed")) return;
    proc::TaskRef spin(s.value());
    t.expect(!proc::set_affinity(spin.get(), 1ull << 1).is_error(), "set_affinity failed");
    if (!t.expect(wait_until(spin_started, 1), "the spinner did not start")) return;
    u64 settle = ktime::now_ns() + 20 * MS;
    while (ktime::now_ns() < settle) proc::yield();
    // A task made runnable on CPU 1 while the spinner has it: a reschedule IPI.
    auto w = proc::kthread_create("ktest-woken", sleeper, nullptr);
    if (!t.expect(!w.is_error(), "kthread_create failed")) return;
    proc::TaskRef woken(w.value());
    u64 start = ktime::now_ns();
    // (Created on the least loaded CPU; re-pinning it queues it on CPU 1.)
    (void)proc::set_affinity(woken.get(), 1ull << 1);
    bool ran = wait_until(woken_ran, 1, 2000);
    spin_stop.store(1, std::memory_order_release);
    if (!t.expect(ran, "the busy CPU was never preempted")) return;
    u64 latency = ran_at.load() > start ? ran_at.load() - start : 0;
    t.value("wake_to_run_us", latency / 1000);
    t.expect(latency < 500 * MS, "preempting the busy CPU took more than 500 ms");
}

namespace {

// --- affinity -------------------------------------------------------------------------

std::atomic<int> aff_phase{0}, aff_seen{0};
std::atomic<int> aff_cpu{-1};

// Computes 2 ms (with preemption points), then sleeps 1 ms, so that the test, which
// runs as the boot CPU's idle task, gets that CPU now and then.
void wanderer(void*) {
    Completion never;
    while (aff_phase.load(std::memory_order_acquire) < 3) {
        aff_cpu.store(int(arch::cpu_index()), std::memory_order_release);
        aff_seen.fetch_add(1, std::memory_order_release);
        u64 end = ktime::now_ns() + 2 * MS;
        while (ktime::now_ns() < end) proc::cond_resched();
        (void)never.wait_until(ktime::now_ns() + MS);
    }
}

}  // namespace

KTEST("04-clone", affinity_migrates) {
    if (!two_cpus(t)) return;
    aff_phase = aff_seen = 0;
    aff_cpu = -1;
    auto r = proc::kthread_create("ktest-wander", wanderer, nullptr);
    if (!t.expect(!r.is_error(), "kthread_create failed")) return;
    proc::TaskRef w(r.value());
    unsigned last = arch::cpus_online.load() - 1;
    bool ok = true;
    for (unsigned target : {last, 0u}) {
        if (!t.expect(!proc::set_affinity(w.get(), 1ull << target).is_error(),
                      "set_affinity failed"))
            break;
        int seen = aff_seen.load();
        u64 end = ktime::now_ns() + 3000 * MS;
        // Wait until it has run a few times since, then look where it runs.
        while ((aff_seen.load() < seen + 3 || aff_cpu.load() != int(target)) &&
               ktime::now_ns() < end)
            proc::yield();
        if (aff_cpu.load() != int(target)) {
            t.fail("re-pinned to cpu {}, the thread still runs on cpu {}", target, aff_cpu.load());
            ok = false;
            break;
        }
    }
    t.value("from", last);
    t.value("to", 0);
    t.expect(ok, "migration failed");
    t.expect(proc::get_affinity(w.get()) == 1, "get_affinity does not return the mask set");
    t.expect(proc::set_affinity(w.get(), 0).is_error(), "an empty mask is accepted");
    aff_phase.store(3, std::memory_order_release);
}

namespace {

// --- CPU time ---------------------------------------------------------------------------

std::atomic<int> burn_done{0};

void burner(void*) {
    u64 end = ktime::now_ns() + 30 * MS;
    while (ktime::now_ns() < end) asm volatile("pause");
    burn_done.store(1, std::memory_order_release);
}

}  // namespace

KTEST("04-clone", cputime_system) {
    burn_done = 0;
    auto r = proc::kthread_create("ktest-burn", burner, nullptr);
    if (!t.expect(!r.is_error(), "kthread_create failed")) return;
    proc::TaskRef b(r.value());
    if (!t.expect(wait_until(burn_done, 1), "the burner did not finish")) return;
    u64 end = ktime::now_ns() + 2000 * MS;
    while (b->state != proc::State::Zombie && ktime::now_ns() < end) proc::yield();
    proc::CpuTimes c = proc::cpu_times(b.get());
    t.value("system_ms", c.system_ns / MS);
    t.expect(c.user_ns == 0, "a kernel thread was charged user time");
    t.expect(c.system_ns >= 29 * MS, "less system time than the thread computed");
    // Preempted or not, it cannot have run much longer than it computed.
    t.expect(c.system_ns < 1000 * MS, "far more system time than the thread computed");
}

// --- the watchdog -----------------------------------------------------------------------

KTEST("04-clone", watchdog_stuck_cpu) {
    if (!two_cpus(t)) return;
    u64 reports = proc::watchdog_reports();
    u64 traces = arch::nmi_backtraces();
    proc::watchdog_set_threshold_ms(200);
    {
        // This CPU stops ticking for 2 s: ten times the threshold, as the other CPU's
        // virtual CPU may itself be descheduled by a loaded host for a while.
        IrqGuard irqs_off;
        u64 end = ktime::now_ns() + 2000 * MS;
        while (ktime::now_ns() < end) asm volatile("pause");
    }
    u64 settle = ktime::now_ns() + 100 * MS;
    while (ktime::now_ns() < settle) asm volatile("hlt");
    proc::watchdog_set_threshold_ms(0);
    t.value("reports", proc::watchdog_reports() - reports);
    t.expect(proc::watchdog_reports() > reports, "the stuck CPU was not reported");
    t.expect(arch::nmi_backtraces() > traces, "the stuck CPU printed no backtrace");
}

namespace {

// --- the worst non-preemptible section: COW fork and teardown of a big space -----------

constexpr u64 SPACE_MB = 32;
std::atomic<int> lat_stop{0}, lat_done{0}, lat_errors{0}, lat_pings{0};

// Sleeps 1 ms again and again on the worker's CPU: each wake-up asks that CPU to switch.
void pinger(void*) {
    Completion never;
    while (!lat_stop.load(std::memory_order_acquire)) {
        (void)never.wait_until(ktime::now_ns() + MS);
        lat_pings.fetch_add(1, std::memory_order_relaxed);
    }
    lat_done.fetch_add(1, std::memory_order_release);
}

// Fills a space, forks it copy-on-write, and tears both down: the kernel's longest
// sections without a preemption point that a user program can ask for.
void forker(void*) {
    static u8 page[4096];
    for (usize i = 0; i < sizeof page; ++i) page[i] = u8(i);
    auto created = vm::AddressSpace::create();
    if (created.is_error()) {
        lat_errors.fetch_add(1);
    } else {
        vm::AddressSpace* as = created.value();
        auto m = as->map_anonymous(0, SPACE_MB << 20, vm::PROT_READ | vm::PROT_WRITE,
                                   vm::MAP_PRIVATE | vm::MAP_ANONYMOUS);
        if (m.is_error()) lat_errors.fetch_add(1);
        for (u64 off = 0; m.has_value() && off < (SPACE_MB << 20); off += sizeof page) {
            if (as->write_bytes(m.value() + off, page, sizeof page).is_error()) {
                lat_errors.fetch_add(1);
                break;
            }
            proc::cond_resched();
        }
        proc::reset_resched_latency();  // measure the fork and the teardowns only
        for (int round = 0; round < 2; ++round) {
            auto child = as->clone_cow();
            if (child.is_error()) {
                lat_errors.fetch_add(1);
                break;
            }
            proc::cond_resched();
            child.value()->put();
            proc::cond_resched();
        }
        as->put();
    }
    lat_done.fetch_add(1, std::memory_order_release);
}

}  // namespace

KTEST("04-clone", preempt_latency_fork) {
    lat_stop = lat_done = lat_errors = lat_pings = 0;
    unsigned cpu = arch::cpus_online.load() - 1;
    auto p = proc::kthread_create("ktest-ping", pinger, nullptr);
    auto f = proc::kthread_create("ktest-fork", forker, nullptr);
    if (!t.expect(!p.is_error() && !f.is_error(), "kthread_create failed")) return;
    proc::TaskRef ping(p.value()), fork(f.value());
    (void)proc::set_affinity(ping.get(), 1ull << cpu);
    (void)proc::set_affinity(fork.get(), 1ull << cpu);
    bool forked = wait_until(lat_done, 1, 60000);
    lat_stop.store(1, std::memory_order_release);
    if (!forked)
        for (proc::Task* k : {ping.get(), fork.get()})
            t.note("{}: state {} cpu {} on_cpu {} (queues: {} {}), pings {}", k->name,
                   proc::state_name(k->state), k->cpu, k->on_cpu.load(), proc::queue_length(0),
                   proc::queue_length(cpu), lat_pings.load());
    if (!t.expect(forked && wait_until(lat_done, 2), "the fork workload did not finish in 60 s"))
        return;
    u64 worst = proc::max_resched_latency_ns(cpu);
    t.value("space_mb", SPACE_MB);
    t.value("pings", lat_pings.load());
    t.value("worst_latency_us", worst / 1000);
    t.note("worst non-preemptible section on cpu {}: {} us (COW fork and teardown of {} MiB)", cpu,
           worst / 1000, SPACE_MB);
    t.expect(lat_errors.load() == 0, "the workload failed (out of memory?)");
    t.expect(worst > 0, "no switch request was measured");
}
