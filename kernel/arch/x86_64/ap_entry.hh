// kernel/arch/x86_64/ap_entry.hh — the first C++ code of an application processor.
#pragma once

#include "arch/x86_64/percpu.hh"

/// Called by the trampoline (trampoline.S) on the CPU's own boot stack, with the
/// kernel's page tables loaded: sets up this CPU (per-CPU data, GDT/TSS/IDT, local
/// APIC, periodic tick), marks it online and idles with interrupts enabled.
extern "C" [[noreturn]] void ap_entry(arch::PerCpu* cpu);
