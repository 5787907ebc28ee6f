// kernel/arch/x86_64/idt.hh — the interrupt descriptor table shared by all CPUs.
//
// 256 gates, one per vector, each pointing at its stub in isr.S. All are interrupt
// gates (the CPU clears IF on entry) into kernel code; #BP is callable from ring 3 so
// that a user program's int3 reaches the kernel (lab 03). Double fault, NMI and
// machine check switch to their IST stacks (tss.hh).
#pragma once

#include "lib/types.hh"

namespace arch {

/// One 16-byte gate of the IDT.
struct IdtGate {
    u16 offset_low;
    u16 selector;
    u8 ist;        ///< bits 0-2: IST number, 0 = stay on the current stack
    u8 type_attr;  ///< P, DPL, type (0xe: interrupt gate)
    u16 offset_mid;
    u32 offset_high;
    u32 reserved;

    u64 offset() const { return offset_low | (u64(offset_mid) << 16) | (u64(offset_high) << 32); }
};
static_assert(sizeof(IdtGate) == 16);

constexpr unsigned IDT_VECTORS = 256;

/// Fills the IDT (the first call only).
void idt_build();
/// Loads the IDT on the calling CPU.
void idt_load();
/// The IDT (for the checks of the lab tests).
const IdtGate* idt_gates();

}  // namespace arch
