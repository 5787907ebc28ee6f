// kernel/proc/watchdog.cc — the lock-up watchdog (watchdog.hh).
#include "proc/watchdog.hh"

#include <atomic>

#include "arch/x86_64/percpu.hh"
#include "arch/x86_64/traps.hh"
#include "drivers/timer/clock.hh"
#include "lib/log.hh"
#include "proc/sched.hh"

namespace proc {
namespace {

constexpr u64 MS = 1000000;
constexpr u64 CHECK_EVERY_TICKS = 100;

std::atomic<u64> last_tick_ns[arch::MAX_CPUS];
std::atomic<bool> reported[arch::MAX_CPUS];
std::atomic<u64> threshold_ns{WATCHDOG_DEFAULT_MS * MS};
std::atomic<u64> reports{0};

void report(unsigned cpu, const char* what, u64 stuck_ns) {
    if (reported[cpu].exchange(true)) return;  // once per lock-up
    reports.fetch_add(1, std::memory_order_relaxed);
    klog::warn("watchdog: cpu {} {} for {} ms (threshold {} ms); asking it for a backtrace", cpu,
               what, stuck_ns / MS, threshold_ns.load() / MS);
    arch::request_nmi_backtrace(cpu);
}

}  // namespace

void watchdog_tick() {
    unsigned me = arch::cpu_index();
    u64 now = ktime::now_ns();
    last_tick_ns[me].store(now, std::memory_order_relaxed);
    u64 since = resched_pending_since(me);
    if (!since || now - since < threshold_ns.load(std::memory_order_relaxed))
        reported[me].store(false, std::memory_order_relaxed);  // alive and switching
    if (arch::this_cpu()->ticks % CHECK_EVERY_TICKS) return;
    u64 limit = threshold_ns.load(std::memory_order_relaxed);
    unsigned n = arch::cpus_online.load(std::memory_order_acquire);
    for (unsigned c = 0; c < n && c < arch::MAX_CPUS; ++c) {
        u64 last = last_tick_ns[c].load(std::memory_order_relaxed);
        if (c != me && last && now > last && now - last >= limit) {
            report(c, "has not ticked", now - last);
            continue;
        }
        u64 asked = resched_pending_since(c);
        if (asked && now > asked && now - asked >= limit)
            report(c, "has not scheduled", now - asked);
    }
}

void watchdog_set_threshold_ms(u64 ms) {
    threshold_ns.store((ms ? ms : WATCHDOG_DEFAULT_MS) * MS, std::memory_order_relaxed);
}

u64 watchdog_reports() { return reports.load(std::memory_order_relaxed); }

}  // namespace proc
