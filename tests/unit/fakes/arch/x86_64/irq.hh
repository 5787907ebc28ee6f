// tests/unit/fakes/arch/x86_64/irq.hh — the host stand-in for kernel/arch/x86_64/irq.hh.
//
// The interrupt flag becomes a per-thread boolean (each host thread plays one CPU), so
// tests can check that a lock turns interrupts off and gives back the state it found.
// Interrupts start enabled, as on a running kernel. fake::irq counts what happened.
#pragma once

#include <sched.h>

#include <cstdlib>

#include "lib/types.hh"

namespace fake {
/// The modelled RFLAGS.IF of the calling thread ("CPU"), and counters for tests.
struct IrqState {
    bool enabled = true;
    u64 disables = 0;  ///< times interrupts went from enabled to disabled
    u64 enables = 0;   ///< times they went from disabled to enabled
};
inline thread_local IrqState irq;
}  // namespace fake

namespace arch {

constexpr u64 RFLAGS_IF = 1u << 9;

inline u64 read_rflags() { return (fake::irq.enabled ? RFLAGS_IF : 0) | 0x2; }
inline bool irqs_enabled() { return fake::irq.enabled; }
inline void irq_disable() {
    if (fake::irq.enabled) ++fake::irq.disables;
    fake::irq.enabled = false;
}
inline void irq_enable() {
    if (!fake::irq.enabled) ++fake::irq.enables;
    fake::irq.enabled = true;
}

/// Disables interrupts and returns whether they were enabled before.
inline bool irq_save() {
    bool was = irqs_enabled();
    irq_disable();
    return was;
}
inline void irq_restore(bool was_enabled) {
    if (was_enabled) irq_enable();
}
/// Spinning on the host: let the thread holding the lock run.
inline void cpu_relax() { sched_yield(); }
/// A halted CPU never comes back; on the host the test process ends.
[[noreturn]] inline void halt_forever() { std::abort(); }

}  // namespace arch
