// kernel/arch/x86_64/interrupts.hh — the trap frame and the interrupt-vector registry.
//
// Every exception and interrupt enters through one assembly stub per vector
// (isr.S), which saves the registers into a TrapFrame and calls trap_dispatch().
// Vectors 0-31 are CPU exceptions (traps.cc reports them); 32-255 are handed to the
// handler registered here. Handlers of device and IPI vectors send their own EOI.
#pragma once

#include "lib/types.hh"

namespace arch {

/// The registers as the entry stub saved them, lowest address first.
struct TrapFrame {
    u64 r15, r14, r13, r12, r11, r10, r9, r8;
    u64 rbp, rdi, rsi, rdx, rcx, rbx, rax;
    u64 vector;
    u64 error_code;  ///< pushed by the CPU for some exceptions, 0 for the others
    // Pushed by the CPU:
    u64 rip, cs, rflags, rsp, ss;
};

using InterruptHandler = void (*)(TrapFrame&);

/// Fixed vectors. ISA IRQ n (through the IOAPIC) arrives at VECTOR_IRQ_BASE + n.
constexpr u8 VECTOR_IRQ_BASE = 32;
constexpr u8 VECTOR_TIMER = 0xf0;     ///< the LAPIC timer
constexpr u8 VECTOR_IPI_CALL = 0xf1;  ///< smp::call_on_others
constexpr u8 VECTOR_IPI_STOP = 0xf2;  ///< stop this CPU (panic elsewhere)
constexpr u8 VECTOR_SPURIOUS = 0xff;  ///< the LAPIC's spurious vector

/// Installs @p handler for @p vector (32..255); panics if the vector is taken.
void set_interrupt_handler(u8 vector, InterruptHandler handler, const char* name);

/// Called by the entry stubs with the saved frame.
extern "C" void trap_dispatch(TrapFrame* frame);

}  // namespace arch
