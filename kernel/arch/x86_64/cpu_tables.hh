// kernel/arch/x86_64/cpu_tables.hh — each CPU's GDT, TSS (with IST stacks) and the shared IDT.
#pragma once

#include "arch/x86_64/percpu.hh"

namespace arch {

/// Loads a GDT, a TSS with its IST stacks (double fault, NMI, machine check) and the
/// IDT on the calling CPU, whose PerCpu is @p cpu (index already set). The boot CPU
/// calls it first thing in kernel_main; each application processor from its entry.
void cpu_tables_init(PerCpu& cpu);

/// The top of the kernel stack reserved for CPU @p index (application processors
/// start on it); a guard page below it is unmapped.
u64 cpu_boot_stack_top(unsigned index);

/// Unmaps the page at @p va in the kernel's tables and records it, so that page
/// tables built later (lab 02) leave the same holes. Stack guards use it.
void register_guard_page(u64 va);
/// The guard pages registered so far.
const u64* guard_pages(usize& count);

}  // namespace arch
