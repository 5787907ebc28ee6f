// kernel/drivers/timer/clock.cc — calibrating the TSC and LAPIC timer; the monotonic clock.
//
// Calibration runs three windows of ~25 ms against the reference clock and keeps the
// median of each rate. Every reading of the reference is bracketed (read it, read
// the TSC and LAPIC counter, read it again) and retried when the bracket is wide, so
// that a virtual CPU descheduled by the host in the middle does not skew the result.
//
// now_ns() scales the TSC with a 32.32 fixed-point multiplier. To stay monotonic
// across CPUs whose TSCs might differ slightly, it never returns less than the last
// value any CPU returned.
#include "drivers/timer/clock.hh"

#include <atomic>

#include "arch/x86_64/cpu.hh"
#include "arch/x86_64/interrupts.hh"
#include "arch/x86_64/irq.hh"
#include "arch/x86_64/lapic.hh"
#include "arch/x86_64/percpu.hh"
#include "boot/cmdline.hh"
#include "drivers/timer/hpet.hh"
#include "drivers/timer/pit.hh"
#include "proc/sched.hh"
#include "lib/log.hh"

namespace ktime {
namespace {

constexpr u64 WINDOW_US = 25000;
constexpr int WINDOWS = 3;
constexpr u64 MIN_TICK_HZ = 10, MAX_TICK_HZ = 10000;

u64 tsc_rate = 0;
u64 lapic_rate = 0;
u64 tick_rate = DEFAULT_TICK_HZ;
const char* reference_name = "none";
u64 tsc_base = 0;
u64 ns_per_tsc_32 = 0;  // nanoseconds per TSC tick, times 2^32
std::atomic<u64> last_ns{0};

void tick_handler(arch::TrapFrame& frame) {
    __atomic_fetch_add(&arch::this_cpu()->ticks, 1, __ATOMIC_RELAXED);
    lapic::eoi();
    proc::timer_tick(frame);  // lab 03: preemption, timed sleeps, load balancing
}

}  // namespace

// LAB_BEGIN(01-boot, 4): measure the TSC and LAPIC timer rates against the HPET (else the PIT)
namespace {

u64 median3(u64 a, u64 b, u64 c) {
    if (a > b) {
        u64 t = a;
        a = b;
        b = t;
    }
    if (b > c) b = c;
    return a > b ? a : b;
}

struct Sample {
    u64 tsc;
    u32 lapic;
};

// One window against the HPET: counts of both clocks and the nanoseconds they took.
//! [hpet_window]
bool window_hpet(u64& dtsc, u64& dlapic, u64& ns) {
    auto sample = [](u64& ref, Sample& s) {
        for (int tries = 0;; ++tries) {
            u64 h0 = hpet::counter();
            s.tsc = arch::rdtsc();
            s.lapic = lapic::present() ? lapic::timer_current() : 0;
            u64 h1 = hpet::counter();
            ref = h0 + ((h1 - h0) & hpet::counter_mask()) / 2;
            if (hpet::ticks_to_ns(h0, h1) < 20000 || tries == 20) return;
        }
    };
    u64 r0, r1;
    Sample s0, s1;
    sample(r0, s0);
    while (hpet::ticks_to_ns(r0, hpet::counter()) < WINDOW_US * 1000) arch::cpu_relax();
    sample(r1, s1);
    ns = hpet::ticks_to_ns(r0, r1);
    dtsc = s1.tsc - s0.tsc;
    dlapic = s0.lapic - s1.lapic;  // counts down
    return ns > 0;
}
//! [hpet_window]

// One window against PIT channel 2.
bool window_pit(u64& dtsc, u64& dlapic, u64& ns) {
    ns = pit::start_oneshot(WINDOW_US);
    Sample s0{arch::rdtsc(), lapic::present() ? lapic::timer_current() : 0};
    for (u64 spins = 0; !pit::expired(); ++spins)
        if (spins > 100000000) return false;  // no PIT answering
    Sample s1{arch::rdtsc(), lapic::present() ? lapic::timer_current() : 0};
    dtsc = s1.tsc - s0.tsc;
    dlapic = s0.lapic - s1.lapic;
    return true;
}

bool calibrate(u64& tsc, u64& lapic_counts) {
    bool use_hpet = hpet::init();
    reference_name = use_hpet ? "hpet" : "pit";
    if (lapic::present()) lapic::timer_start_free_running();
    u64 t[WINDOWS], l[WINDOWS];
    for (int w = 0; w < WINDOWS; ++w) {
        u64 dtsc, dlapic, ns;
        if (!(use_hpet ? window_hpet(dtsc, dlapic, ns) : window_pit(dtsc, dlapic, ns))) {
            klog::error("clock: the {} does not count; no calibration", reference_name);
            return false;
        }
        t[w] = dtsc * 1000000000ull / ns;
        l[w] = dlapic * 1000000000ull / ns;
    }
    if (lapic::present()) lapic::timer_stop();
    tsc = median3(t[0], t[1], t[2]);
    lapic_counts = median3(l[0], l[1], l[2]);
    klog::info("clock: against the {}: tsc {} {} {} Hz, lapic {} {} {} Hz", reference_name, t[0],
               t[1], t[2], l[0], l[1], l[2]);
    return tsc > 0;
}

}  // namespace
// LAB_FALLBACK
// namespace {
// bool calibrate(u64& tsc, u64& lapic_counts) {
//     tsc = lapic_counts = 0;
//     return false;
// }
// }  // namespace
// LAB_END

void init() {
    u64 hz = cmdline::boot().get_u64("hz", DEFAULT_TICK_HZ);
    if (hz < MIN_TICK_HZ || hz > MAX_TICK_HZ) {
        klog::warn("clock: hz={} is out of range ({}-{}); using {}", hz, MIN_TICK_HZ, MAX_TICK_HZ,
                   DEFAULT_TICK_HZ);
        hz = DEFAULT_TICK_HZ;
    }
    tick_rate = hz;
    u64 tsc = 0, lapic_counts = 0;
    if (!calibrate(tsc, lapic_counts)) {
        klog::warn("clock: not calibrated: no monotonic clock, no periodic tick");
        return;
    }
    if (!(arch::cpuid(0x80000007).edx & (1u << 8)))
        klog::info("clock: the CPU does not report an invariant TSC; using it anyway");
    tsc_rate = tsc;
    lapic_rate = lapic_counts;
    ns_per_tsc_32 = (1000000000ull << 32) / tsc_rate;
    tsc_base = arch::rdtsc();
    klog::set_clock(now_ns);
    arch::set_interrupt_handler(arch::VECTOR_TIMER, tick_handler, "lapic timer");
    start_tick();
}

bool calibrated() { return tsc_rate != 0; }

u64 now_ns() {
    if (!ns_per_tsc_32) return 0;
    u64 delta = arch::rdtsc() - tsc_base;
    if (static_cast<i64>(delta) < 0) delta = 0;  // a CPU whose TSC is behind the boot CPU's
    u64 ns = static_cast<u64>((static_cast<unsigned __int128>(delta) * ns_per_tsc_32) >> 32);
    u64 last = last_ns.load(std::memory_order_relaxed);
    while (ns > last && !last_ns.compare_exchange_weak(last, ns, std::memory_order_relaxed)) {}
    return ns > last ? ns : last;
}

void delay_us(u64 us) {
    if (tsc_rate) {
        u64 end = arch::rdtsc() + tsc_rate / 1000000 * us + (tsc_rate % 1000000) * us / 1000000;
        while (static_cast<i64>(arch::rdtsc() - end) < 0) arch::cpu_relax();
        return;
    }
    while (us) {
        u64 chunk = us < pit::MAX_INTERVAL_US ? us : pit::MAX_INTERVAL_US;
        pit::start_oneshot(chunk);
        for (u64 spins = 0; !pit::expired() && spins < 100000000; ++spins) arch::cpu_relax();
        us -= chunk;
    }
}

u64 tsc_hz() { return tsc_rate; }
u64 lapic_hz() { return lapic_rate; }
u64 tick_hz() { return tick_rate; }
const char* reference() { return reference_name; }

bool start_tick() {
    if (!lapic_rate || !lapic::present()) return false;
    u64 count = lapic_rate / tick_rate;
    if (count == 0 || count > 0xffffffff) return false;
    lapic::timer_start_periodic(arch::VECTOR_TIMER, static_cast<u32>(count));
    return true;
}

u64 ticks_of(unsigned index) {
    if (index >= arch::MAX_CPUS || !arch::cpus[index]) return 0;
    return __atomic_load_n(&arch::cpus[index]->ticks, __ATOMIC_RELAXED);
}

void print_summary() {
    if (!calibrated()) {
        console::print("timer: not calibrated (no tick)\n");
        return;
    }
    u64 bus10 = (lapic_rate * lapic::TIMER_DIVIDER + 50000) / 100000;  // tenths of MHz
    u64 tsc10 = (tsc_rate + 50000) / 100000;
    console::print("timer: lapic {} Hz (bus {}.{} MHz), tsc {}.{} MHz\n", tick_rate, bus10 / 10,
                   bus10 % 10, tsc10 / 10, tsc10 % 10);
    klog::info(
        "clock: calibrated against the {}: tsc {} Hz, lapic timer {} Hz (divider {}), tick {} Hz",
        reference_name, tsc_rate, lapic_rate, lapic::TIMER_DIVIDER, tick_rate);
}

}  // namespace ktime
