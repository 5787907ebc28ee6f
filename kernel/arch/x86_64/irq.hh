// kernel/arch/x86_64/irq.hh — saving, disabling and restoring the interrupt flag.
//
// The only place that touches RFLAGS.IF directly; locks go through IrqSave. The host
// unit tests substitute tests/unit/fakes/arch/x86_64/irq.hh, which models the flag.
#pragma once

#include "lib/types.hh"

namespace arch {

constexpr u64 RFLAGS_IF = 1u << 9;

inline u64 read_rflags() {
    u64 flags;
    asm volatile("pushfq; popq %0" : "=r"(flags)::"memory");
    return flags;
}
inline bool irqs_enabled() { return read_rflags() & RFLAGS_IF; }
inline void irq_disable() { asm volatile("cli" ::: "memory"); }
inline void irq_enable() { asm volatile("sti" ::: "memory"); }

/// Disables interrupts and returns whether they were enabled before.
inline bool irq_save() {
    bool was = irqs_enabled();
    irq_disable();
    return was;
}
inline void irq_restore(bool was_enabled) {
    if (was_enabled) irq_enable();
}
inline void cpu_relax() { asm volatile("pause" ::: "memory"); }
[[noreturn]] inline void halt_forever() {
    for (;;) asm volatile("cli; hlt");
}

}  // namespace arch
