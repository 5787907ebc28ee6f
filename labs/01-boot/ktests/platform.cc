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
#include "arch/x86_64/interrupts.hh"
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

namespace {

// Why the time-based tests bracket their readings. Under TCG each virtual CPU is a host
// thread, the host may deschedule it between any two instructions (for milliseconds on
// a loaded machine), and the TSC (the host's own), the LAPIC timer and the HPET keep
// counting meanwhile. Two clocks read one after the other can thus be far apart: a
// reading of another clock is taken between two TSC reads, retried while they are far
// apart, and a check holds if it holds for some instant inside the brackets. Lost
// timer interrupts are the same story: QEMU merges the ticks a descheduled CPU could
// not take, so a count of ticks measures the host's scheduler, not the kernel; the
// rate is checked where the kernel sets it, in each CPU's LAPIC.

// One reading of another clock, between two TSC reads.
struct Bracket {
    u64 before, value, after;
};

constexpr u64 BRACKET_MAX_NS = 20000;

template <typename Read>
Bracket bracket(Read read) {
    u64 max_cycles = ktime::tsc_hz() / 1000000 * BRACKET_MAX_NS / 1000;
    Bracket b{};
    for (int tries = 0; tries < 20; ++tries) {
        b.before = arch::rdtsc();
        b.value = read();
        b.after = arch::rdtsc();
        if (b.after - b.before <= max_cycles) break;
    }
    return b;
}

// a * b / c without overflow while b * c fits in 64 bits (no 128-bit division here).
u64 mul_div(u64 a, u64 b, u64 c) { return a / c * b + a % c * b / c; }

u64 tsc_cycles_to_ns(u64 cycles) { return mul_div(cycles, 1000000000u, ktime::tsc_hz()); }

// Distance in ppm of @p x from the range [lo, hi] (0 inside), relative to @p x.
u64 ppm_outside(u64 x, u64 lo, u64 hi) {
    u64 d = x < lo ? lo - x : x > hi ? x - hi : 0;
    return mul_div(d, 1000000, x);
}

struct TimerSetup {
    lapic::TimerMode mode;
    u32 initial;
};
TimerSetup timer_setups[arch::MAX_CPUS];
std::atomic<unsigned> timer_setups_done{0};

void read_timer_setup(void*) {
    timer_setups[arch::cpu_index()] = {lapic::timer_mode(), lapic::timer_initial()};
    timer_setups_done.fetch_add(1, std::memory_order_release);
}

}  // namespace

KTEST("01-boot", timer_rate) {
    t.value("lapic_hz", ktime::lapic_hz());
    t.value("tsc_hz", ktime::tsc_hz());
    t.value("tick_hz", ktime::tick_hz());
    if (!ktime::calibrated() || !ktime::lapic_hz())
        return t.fail("the LAPIC timer and TSC are not calibrated");

    // The LAPIC counter's decrease against the TSC over ~50 ms, on this CPU, with its
    // timer briefly free running. The counts span at least the TSC time between the
    // inner ends of the brackets and at most that between the outer ends: the rate
    // lies between the two quotients, and the calibrated rate must be within 5% of
    // that range.
    u64 lo_hz = 0, hi_hz = 0;
    {
        IrqState irqs = IrqState::save();
        lapic::timer_start_free_running();
        auto lapic_now = [] { return u64(lapic::timer_current()); };
        Bracket b0 = bracket(lapic_now);
        spin_tsc_ns(50 * 1000000);
        Bracket b1 = bracket(lapic_now);
        ktime::start_tick();
        irqs.restore();
        u64 counts = static_cast<u32>(b0.value - b1.value);
        auto rate = [&](u64 cycles) { return mul_div(counts, ktime::tsc_hz(), cycles); };
        lo_hz = rate(b1.after - b0.before);
        hi_hz = rate(b1.before - b0.after);
    }
    u64 ppm = ppm_outside(ktime::lapic_hz(), lo_hz, hi_hz);
    t.value("error_ppm", ppm);
    t.note("lapic timer measured against the tsc: {}..{} Hz, calibrated {} Hz", lo_hz, hi_hz,
           ktime::lapic_hz());
    if (ppm > 50000) return t.fail("LAPIC timer rate off by {} ppm (more than 5%)", ppm);

    // Every online CPU's timer is periodic at the tick rate: it is that CPU's LAPIC that
    // sets the rate, so the test reads it there.
    if (!arch::irqs_enabled()) return t.fail("interrupts are disabled: no tick can arrive");
    unsigned n = smp::cpu_count();
    timer_setups_done.store(0);
    run_everywhere(read_timer_setup, nullptr, timer_setups_done);
    u64 lapic = ktime::lapic_hz(), hz = ktime::tick_hz();
    for (unsigned i = 0; i < n; ++i) {
        const TimerSetup& s = timer_setups[i];
        if (s.mode.masked || !s.mode.periodic || s.mode.vector != arch::VECTOR_TIMER)
            return t.fail("cpu {}'s LAPIC timer is {}{}, vector {} (want periodic, vector {})", i,
                          s.mode.masked ? "masked, " : "",
                          s.mode.periodic ? "periodic" : "one-shot", s.mode.vector,
                          arch::VECTOR_TIMER);
        if (s.mode.divider != lapic::TIMER_DIVIDER)
            return t.fail("cpu {}'s LAPIC timer divides by {}, calibrated for {}", i,
                          s.mode.divider, lapic::TIMER_DIVIDER);
        u64 period_hz = s.initial ? lapic / s.initial : 0;
        if (period_hz * 1000 < hz * 999 || period_hz * 1000 > hz * 1001 + 1000)
            return t.fail("cpu {}'s LAPIC timer counts {} per tick: {} Hz, not {} Hz", i, s.initial,
                          period_hz, hz);
    }

    // And its ticks arrive and are counted: each CPU sees several (an EOI follows each)
    // within a second, and never twice as many as the rate allows.
    u64 before[arch::MAX_CPUS];
    for (unsigned i = 0; i < n; ++i) before[i] = ktime::ticks_of(i);
    constexpr u64 WINDOW_MS = 100, DEADLINE_MS = 1000, MIN_TICKS = 3;
    u64 start = arch::rdtsc(), deadline = ktime::tsc_hz() / 1000 * DEADLINE_MS;
    spin_tsc_ns(WINDOW_MS * 1000000);
    for (bool all = false; !all && arch::rdtsc() - start < deadline;) {
        all = true;
        for (unsigned i = 0; i < n; ++i) all &= ktime::ticks_of(i) - before[i] >= MIN_TICKS;
    }
    u64 elapsed_ms = tsc_cycles_to_ns(arch::rdtsc() - start) / 1000000;
    u64 most = 2 * hz * (elapsed_ms + 1) / 1000 + 2;
    for (unsigned i = 0; i < n; ++i) {
        u64 got = ktime::ticks_of(i) - before[i];
        if (i == 0) t.note("cpu 0: {} ticks in {} ms (at most {})", got, elapsed_ms, most);
        if (got < MIN_TICKS)
            return t.fail("cpu {} saw {} timer ticks in {} ms", i, got, elapsed_ms);
        if (got > most)
            return t.fail("cpu {} saw {} ticks in {} ms, more than {} Hz allows", i, got,
                          elapsed_ms, hz);
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
    // It advances by the TSC: 20 ms of TSC cycles read as 20 ms. Each reading of the
    // clock sits between two TSC reads (see Bracket): its advance must lie, within 1%,
    // between the TSC's count from the inner and from the outer ends of the brackets.
    auto clock_now = [] { return ktime::now_ns(); };
    Bracket b0 = bracket(clock_now);
    spin_tsc_ns(20 * 1000000);
    Bracket b1 = bracket(clock_now);
    u64 by_clock = b1.value - b0.value;
    u64 lo = tsc_cycles_to_ns(b1.before - b0.after), hi = tsc_cycles_to_ns(b1.after - b0.before);
    t.note("20 ms by the TSC: the clock advanced {} ns, the TSC {}..{} ns", by_clock, lo, hi);
    if (by_clock == 0) return t.fail("the monotonic clock does not advance");
    if (by_clock + lo / 100 + 1000 < lo || by_clock > hi + hi / 100 + 1000)
        return t.fail("the clock advanced {} ns while the TSC says {}..{} ns", by_clock, lo, hi);

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
