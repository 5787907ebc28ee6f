// kernel/mm/fault.hh — what the memory manager can say about a faulting address.
//
// The exception report (arch/x86_64/exception_report.cc) calls this for a page fault,
// adding two lines under "cr2=...":
//   cr2 is in kernel text (0xffffffff80200000..0xffffffff8021c000)
//   walk: pml4[511]=0x2403003 pdpt[510]=0x2404003 pd[1]=0x2405003 pt[3]=0x203161 -> 4 KiB r-x global
#pragma once

#include "lib/format.hh"

namespace mm {

/// The name of the region @p va lies in ("kernel text", "direct map", "user space", ...).
const char* region_name(vaddr_t va);
/// Appends the region line and the page-table walk (of the tables CR3 points at) for @p va.
void describe_fault_address(fmt::Sink& out, vaddr_t va);

}  // namespace mm
