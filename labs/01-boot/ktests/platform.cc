// labs/01-boot/ktests/platform.cc — lab 01's tests of the platform: memory map, command
// line, ACPI, clocks, the tick, SMP, IPIs, SMP-safe locks and interrupt-driven input.
//
// Values the grader checks against its own choices ("# value key=value"):
//   memory_map       usable_kib, regions          (vs QEMU's -m)
//   cmdline_echo     echo                         (a token the grader put in echo=)
//   cpu_count        cpus                         (vs -smp)
//   timer_rate       lapic_hz, tsc_hz, tick_hz, error_ppm
//   rtc_time         epoch                        (vs the host's clock, within 120 s)
//   ipi_call         ipi_acks                     (-smp minus one)
//   spinlock_smp     total                        (-smp times 100000)
//   serial_input     input                        (the line the grader typed)
//   acpi_tables      madt_cpus, ioapics, has_fadt, slp_typ
// The SMP tests fail with a reason unless every CPU of the MADT (up to smp=) is online.
#include <atomic>

#include "arch/x86_64/cpu.hh"
#include "arch/x86_64/irq.hh"
#include "arch/x86_64/lapic.hh"
#include "arch/x86_64/percpu.hh"
#include "arch/x86_64/smp.hh"
#include "boot/cmdline.hh"
#include "boot/main.hh"
#include "drivers/acpi/acpi.hh"
#include "drivers/serial/input.hh"
#include "drivers/timer/clock.hh"
#include "drivers/timer/rtc.hh"
#include "lib/spinlock.hh"
#include "test/ktest.hh"

namespace {

// Busy-waits about @p ns nanoseconds by the TSC (which the clock tests measure).
void spin_tsc_ns(u64 ns) {
    u64 cycles = ktime::tsc_hz() / 1000 * ns / 1000000;
    u64 start = arch::rdtsc();
    while (arch::rdtsc() - start < cycles) arch::cpu_relax();
}

// Runs fn(arg) on every online CPU, this one included, and returns when all are done.
// fn must increment *finished when it ends.
void run_everywhere(void (*fn)(void*), void* arg, std::atomic<unsigned>& finished) {
    smp::call_on_others(fn, arg, /*wait=*/false);
    fn(arg);
    while (finished.load(std::memory_order_acquire) < smp::cpu_count()) arch::cpu_relax();
}

// The CPUs that should be online: the MADT's enabled ones, up to smp= and MAX_CPUS.
u64 expected_cpus() {
    u64 n = acpi::info().enabled_cpus();
    u64 limit = cmdline::boot().get_u64("smp", arch::MAX_CPUS);
    if (limit >= 1 && n > limit) n = limit;
    return n < arch::MAX_CPUS ? n : arch::MAX_CPUS;
}

// The SMP tests run on whatever CPUs there are, but only once all of them are up.
bool all_cpus_online(ktest::Context& t) {
    if (!acpi::info().has_madt) {
        t.fail("no MADT: the other CPUs were not found");
        return false;
    }
    if (smp::cpu_count() != expected_cpus()) {
        t.fail("{} of {} CPUs online", smp::cpu_count(), expected_cpus());
        return false;
    }
    return true;
}

}  // namespace

KTEST("01-boot", memory_map) {
    const boot::BootInfo& bi = boot::info();
    t.value("usable_kib", bi.usable_bytes() / KiB);
    t.value("regions", bi.region_count);
    if (bi.region_count == 0)
        return t.fail("the boot loader's memory map was not read (0 regions)");
    if (bi.usable_bytes() == 0) return t.fail("no usable memory in the memory map");
    for (usize i = 0; i < bi.region_count; ++i) {
        const boot::MemoryRegion& a = bi.regions[i];
        if (a.length == 0) return t.fail("region {} is empty", i);
        for (usize j = i + 1; j < bi.region_count; ++j) {
            const boot::MemoryRegion& b = bi.regions[j];
            if (a.type == boot::MemoryType::Usable && b.type == boot::MemoryType::Usable &&
                a.base < b.base + b.length && b.base < a.base + a.length)
                return t.fail("usable regions {} and {} overlap", i, j);
        }
    }
}

KTEST("01-boot", cmdline_echo) {
    bool found = false;
    StrView echo = cmdline::boot().get("echo", &found);
    if (!found) return t.fail("no echo= on the kernel command line");
    t.value("echo", echo);
}

KTEST("01-boot", cpu_count) {
    const acpi::Info& a = acpi::info();
    unsigned cpus = smp::cpu_count();
    t.value("cpus", cpus);
    if (!a.has_madt) return t.fail("no MADT: the CPUs were not enumerated");
    if (cpus != expected_cpus())
        return t.fail("{} CPUs online, but the MADT enables {} (smp= limit {})", cpus,
                      a.enabled_cpus(), cmdline::boot().get_u64("smp", arch::MAX_CPUS));
    for (unsigned i = 0; i < cpus; ++i) {
        arch::PerCpu* c = arch::cpus[i];
        if (!c || !c->online.load() || c->index != i)
            return t.fail("cpu {} has no valid PerCpu or is not online", i);
        for (unsigned j = 0; j < i; ++j)
            if (arch::cpus[j]->apic_id == c->apic_id)
                return t.fail("cpus {} and {} share apic id {}", j, i, c->apic_id);
    }
}

KTEST("01-boot", timer_rate) {
    t.value("lapic_hz", ktime::lapic_hz());
    t.value("tsc_hz", ktime::tsc_hz());
    t.value("tick_hz", ktime::tick_hz());
    if (!ktime::calibrated() || !ktime::lapic_hz())
        return t.fail("the LAPIC timer and TSC are not calibrated");

    // The LAPIC counter's decrease against the TSC over ~50 ms, on this CPU, with its
    // timer briefly free running. Of three tries the closest counts (the host may
    // deschedule a virtual CPU in the middle of one).
    u64 best_ppm = ~u64(0), best_hz = 0;
    for (int attempt = 0; attempt < 3; ++attempt) {
        IrqState irqs = IrqState::save();
        lapic::timer_start_free_running();
        u64 t0 = arch::rdtsc();
        u32 c0 = lapic::timer_current();
        spin_tsc_ns(50 * 1000000);
        u32 c1 = lapic::timer_current();
        u64 t1 = arch::rdtsc();
        ktime::start_tick();
        irqs.restore();
        u64 measured = u64(c0 - c1) * ktime::tsc_hz() / (t1 - t0);
        u64 diff = measured > ktime::lapic_hz() ? measured - ktime::lapic_hz()
                                                : ktime::lapic_hz() - measured;
        u64 ppm = diff * 1000000 / ktime::lapic_hz();
        if (ppm < best_ppm) best_ppm = ppm, best_hz = measured;
        if (ppm < 10000) break;
    }
    t.value("error_ppm", best_ppm);
    t.note("lapic timer measured against the tsc: {} Hz, calibrated {} Hz", best_hz,
           ktime::lapic_hz());
    if (best_ppm > 50000) return t.fail("LAPIC timer rate off by {} ppm (more than 5%)", best_ppm);

    // Every online CPU's tick counter advances, at roughly the tick rate.
    if (!arch::irqs_enabled()) return t.fail("interrupts are disabled: no tick can arrive");
    unsigned n = smp::cpu_count();
    u64 before[arch::MAX_CPUS];
    for (unsigned i = 0; i < n; ++i) before[i] = ktime::ticks_of(i);
    constexpr u64 WINDOW_MS = 100;
    spin_tsc_ns(WINDOW_MS * 1000000);
    u64 expected = ktime::tick_hz() * WINDOW_MS / 1000;
    for (unsigned i = 0; i < n; ++i) {
        u64 got = ktime::ticks_of(i) - before[i];
        if (i == 0)
            t.note("cpu 0: {} ticks in {} ms (expected about {})", got, WINDOW_MS, expected);
        if (got == 0) return t.fail("cpu {} saw no timer tick in {} ms", i, WINDOW_MS);
        if (got < expected / 4 || got > expected * 2)
            return t.fail("cpu {} saw {} ticks in {} ms, expected about {}", i, got, WINDOW_MS,
                          expected);
    }
}

namespace {

struct MonotonicRun {
    std::atomic<u64> latest{0};  // the largest value any CPU has read so far
    std::atomic<unsigned> finished{0};
    std::atomic<unsigned> backwards{0};  // local or cross-CPU violations
    std::atomic<u64> worst{0};           // the largest step back seen, ns
};

void monotonic_worker(void* p) {
    auto* run = static_cast<MonotonicRun*>(p);
    u64 prev = ktime::now_ns();
    for (int i = 0; i < 20000; ++i) {
        u64 seen =
            run->latest.load(std::memory_order_acquire);  // published before we read the clock
        u64 now = ktime::now_ns();
        u64 floor = seen > prev ? seen : prev;
        if (now < floor) {
            run->backwards.fetch_add(1);
            if (floor - now > run->worst.load()) run->worst.store(floor - now);
        }
        prev = now;
        u64 l = run->latest.load(std::memory_order_relaxed);
        while (now > l && !run->latest.compare_exchange_weak(l, now, std::memory_order_release)) {}
    }
    run->finished.fetch_add(1, std::memory_order_release);
}

}  // namespace

KTEST("01-boot", monotonic_clock) {
    if (!ktime::calibrated()) return t.fail("no calibrated TSC: the monotonic clock does not run");
    // It advances by the TSC: 20 ms of TSC cycles read as 20 ms.
    u64 n0 = ktime::now_ns(), c0 = arch::rdtsc();
    spin_tsc_ns(20 * 1000000);
    u64 n1 = ktime::now_ns(), c1 = arch::rdtsc();
    u64 by_clock = n1 - n0, by_tsc = (c1 - c0) * 1000000 / (ktime::tsc_hz() / 1000);
    u64 diff = by_clock > by_tsc ? by_clock - by_tsc : by_tsc - by_clock;
    t.note("20 ms by the TSC: the clock advanced {} ns, the TSC {} ns", by_clock, by_tsc);
    if (by_clock == 0) return t.fail("the monotonic clock does not advance");
    if (diff > by_tsc / 100 + 1000)
        return t.fail("the clock advanced {} ns while the TSC says {} ns", by_clock, by_tsc);

    // It never goes backwards, on one CPU or between CPUs.
    MonotonicRun run;
    run_everywhere(monotonic_worker, &run, run.finished);
    t.value("backwards", run.backwards.load());
    if (run.backwards.load())
        return t.fail("the clock went backwards {} times (by up to {} ns) across {} CPUs",
                      run.backwards.load(), run.worst.load(), smp::cpu_count());
}

KTEST("01-boot", rtc_time) {
    auto now = rtc::read();
    if (now.is_error()) return t.fail("the RTC could not be read ({})", errno_name(now.error()));
    const rtc::DateTime& d = now.value();
    auto epoch = rtc::to_unix(d);
    if (epoch.is_error())
        return t.fail("the RTC's date is not valid ({})", errno_name(epoch.error()));
    t.note("rtc: {}-{:02}-{:02} {:02}:{:02}:{:02} UTC", d.year, d.month, d.day, d.hour, d.minute,
           d.second);
    t.value("epoch", epoch.value());
    if (epoch.value() < 946684800) t.fail("the RTC says {}, before the year 2000", d.year);
}

namespace {
std::atomic<unsigned> ipi_hits[arch::MAX_CPUS];
void ipi_hit(void*) { ipi_hits[arch::cpu_index()].fetch_add(1); }
}  // namespace

KTEST("01-boot", ipi_call) {
    if (!all_cpus_online(t)) return;
    for (auto& h : ipi_hits) h.store(0);
    smp::call_on_others(ipi_hit, nullptr, /*wait=*/true);
    unsigned acks = 0, me = arch::cpu_index();
    for (unsigned i = 0; i < arch::MAX_CPUS; ++i) acks += ipi_hits[i].load();
    t.value("ipi_acks", acks);
    if (ipi_hits[me].load()) return t.fail("the calling CPU ran its own call");
    for (unsigned i = 0; i < smp::cpu_count(); ++i)
        if (i != me && ipi_hits[i].load() != 1)
            return t.fail("cpu {} ran the call {} times", i, ipi_hits[i].load());
}

namespace {

constexpr u64 LOCK_ROUNDS = 100000;

struct LockRun {
    SpinLock lock{"spinlock_smp"};
    u64 counter = 0;
    std::atomic<unsigned> finished{0};
};

void lock_worker(void* p) {
    auto* run = static_cast<LockRun*>(p);
    for (u64 i = 0; i < LOCK_ROUNDS; ++i) {
        SpinLockGuard guard(run->lock);
        run->counter = run->counter + 1;
    }
    run->finished.fetch_add(1, std::memory_order_release);
}

}  // namespace

KTEST("01-boot", spinlock_smp) {
    if (!all_cpus_online(t)) return;
    LockRun run;
    u64 start = ktime::now_ns();
    run_everywhere(lock_worker, &run, run.finished);
    u64 total;
    {
        SpinLockGuard guard(run.lock);
        total = run.counter;
    }
    t.value("total", total);
    t.note("{} CPUs x {} rounds in {} ms", smp::cpu_count(), LOCK_ROUNDS,
           (ktime::now_ns() - start) / 1000000);
    if (total != LOCK_ROUNDS * smp::cpu_count())
        t.fail("counter is {}, expected {} x {}: increments were lost", total, smp::cpu_count(),
               LOCK_ROUNDS);
}

KTEST("01-boot", serial_input) {
    if (!serial::input_enabled())
        return t.fail("serial input is not interrupt driven (no I/O APIC route for COM1)");
    t.note("waiting for input");
    char line[128];
    u64 irqs_before = serial::input_interrupts();
    auto r = serial::read_line(line, sizeof line, 10ull * 1000000000);
    if (r.is_error()) return t.fail("no line on COM1 within 10 s ({})", errno_name(r.error()));
    t.value("input", static_cast<const char*>(line));
    t.note("{} receive interrupts", serial::input_interrupts() - irqs_before);
    if (serial::input_interrupts() == 0) t.fail("the line arrived without a receive interrupt");
}

KTEST("01-boot", acpi_tables) {
    const acpi::Info& a = acpi::info();
    t.value("madt_cpus", a.enabled_cpus());
    t.value("ioapics", a.ioapic_count);
    t.value("has_fadt", a.has_fadt ? "yes" : "no");
    t.value("has_hpet", a.has_hpet ? "yes" : "no");
    if (a.has_s5) t.value("slp_typ", a.slp_typa);
    if (!a.has_madt) return t.fail("no MADT found (RSDP, RSDT/XSDT or the table itself)");
    if (a.enabled_cpus() == 0) return t.fail("the MADT lists no enabled CPU");
    if (a.ioapic_count == 0) return t.fail("the MADT lists no I/O APIC");
    if (!a.has_fadt) return t.fail("no FADT found");
}
