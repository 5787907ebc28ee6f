// kernel/mm/mm.hh — bringing memory management up: mm::init on the boot CPU (kernel_main
// slot 3), before the other CPUs start.
//
// In order: the boot-time ranges (usable RAM less the first MiB, the kernel image,
// modules and the boot information); the kernel page tables, built from those ranges
// and loaded; the page descriptors; the buddy allocator, given everything left; the
// heap. Application processors load the same page tables in the trampoline.
#pragma once

#include "lib/types.hh"

namespace mm {

/// Brings up the page allocator, the kernel page tables and the heap (statistics
/// go to the kernel log).
void init();
/// The banner's line: "memory: 62012 pages free of 65405 usable (242 MiB free)".
void print_summary();

}  // namespace mm
