// kernel/proc/cpu_itimer.cc — ITIMER_VIRTUAL and ITIMER_PROF on the CPU-time accounting (cpu_itimer.hh).
#include "proc/cpu_itimer.hh"

#include "proc/signal.hh"

namespace proc {
namespace {

constexpr int SIGNAL_OF[2] = {SIGVTALRM, SIGPROF};

// Takes @p ns off timer @p i of group @p g; true when this charge made it expire.
bool charge_one(SignalGroup* g, int i, u64 ns) {
    u64* value = &g->cpu_itimer[i][0];
    u64 left = __atomic_load_n(value, __ATOMIC_RELAXED);
    for (;;) {
        if (!left) return false;  // disarmed
        if (left > ns) {
            if (__atomic_compare_exchange_n(value, &left, left - ns, false, __ATOMIC_RELAXED,
                                            __ATOMIC_RELAXED))
                return false;
            continue;  // another thread charged it: try again with what it left
        }
        // Expired: the reload, less the overshoot (Linux keeps the period, not the
        // phase); at least 1 ns so a reload never reads as "disarmed".
        u64 interval = __atomic_load_n(&g->cpu_itimer[i][1], __ATOMIC_RELAXED);
        u64 over = ns - left;
        u64 next = interval ? (interval > over ? interval - over : 1) : 0;
        if (__atomic_compare_exchange_n(value, &left, next, false, __ATOMIC_RELAXED,
                                        __ATOMIC_RELAXED))
            return true;
    }
}

}  // namespace

//! [cpu_itimer_charge]
void cpu_itimer_charge(Task* t, u64 user_ns, u64 system_ns) {
    SignalGroup* g = t->sig.group;
    if (!g) return;  // a kernel thread
    u32 fired = 0;
    if (user_ns && charge_one(g, CPU_ITIMER_VIRTUAL, user_ns)) fired |= 1u << CPU_ITIMER_VIRTUAL;
    if (user_ns + system_ns && charge_one(g, CPU_ITIMER_PROF, user_ns + system_ns))
        fired |= 1u << CPU_ITIMER_PROF;
    if (fired) t->sig.itimers_fired.fetch_or(fired, std::memory_order_relaxed);
}
//! [cpu_itimer_charge]

void cpu_itimers_fire() {
    Task* t = current();
    if (!t || !t->sig.group) return;
    u32 fired = t->sig.itimers_fired.exchange(0, std::memory_order_relaxed);
    for (int i = 0; i < 2; ++i)
        if (fired & (1u << i)) send_kernel_signal(t, SIGNAL_OF[i]);
}

CpuItimerValue cpu_itimer_set(CpuItimer which, CpuItimerValue next) {
    SignalGroup* g = current()->sig.group;
    CpuItimerValue old = cpu_itimer_get(which);
    // The interval first: a charge that sees the new value reloads with the new interval.
    __atomic_store_n(&g->cpu_itimer[which][1], next.value_ns ? next.interval_ns : 0,
                     __ATOMIC_RELAXED);
    __atomic_store_n(&g->cpu_itimer[which][0], next.value_ns, __ATOMIC_RELAXED);
    return old;
}

CpuItimerValue cpu_itimer_get(CpuItimer which) {
    SignalGroup* g = current()->sig.group;
    return {__atomic_load_n(&g->cpu_itimer[which][0], __ATOMIC_RELAXED),
            __atomic_load_n(&g->cpu_itimer[which][1], __ATOMIC_RELAXED)};
}

}  // namespace proc
