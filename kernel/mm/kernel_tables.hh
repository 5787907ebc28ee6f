// kernel/mm/kernel_tables.hh — the kernel's own page tables, shared by every CPU.
//
//   direct map    all RAM write-back, the MMIO hole below 4 GiB uncached, both RW+NX,
//                 in 1 GiB pages where the CPU has them (else 2 MiB); the direct-map
//                 alias of kernel text and rodata is read-only
//   kernel image  4 KiB pages: text RX, rodata R, data/bss RW+NX, .ksyms R;
//                 the stack guard pages (arch::guard_pages) left unmapped
//   vmap          one PML4 slot for kernel stacks with guard pages (mm/vmap.hh)
// Every kernel mapping is global. There is no identity map: the AP trampoline runs on
// the early tables (boot_pml4 in entry32.S, kept forever in the kernel image) until
// it is in the higher half, then loads these (trampoline.S, ap_long_entry).
#pragma once

#include "lib/result.hh"
#include "mm/page_table.hh"
#include "mm/phys_ranges.hh"

namespace mm {

/// Builds the tables with pages taken from @p free (below 4 GiB, which the early
/// direct map reaches) and switches the boot CPU to them.
void build_kernel_tables(PhysRanges& free);
/// True once build_kernel_tables has run (the tables are ours, not entry32.S's).
bool kernel_tables_ready();
/// From now on, table pages come from the page allocator.
void kernel_tables_use_page_allocator();

/// The physical address of the kernel's PML4 (what CR3 holds on every CPU).
paddr_t kernel_root();
/// True when the CPU has 1 GiB pages (CPUID 0x80000001 EDX bit 26).
bool cpu_has_1g_pages();

/// Page-table memory backed by the page allocator and the direct map: what user
/// address spaces (lab 03) build their PageTable on.
TableMemory& allocator_table_memory();
/// Copies the kernel half of the kernel's PML4 (entries 256..511) into the PML4 at
/// @p root. The kernel half never gains entries after mm::init (kernel_map refuses to
/// add one), so one copy made when an address space is created stays valid.
void share_kernel_half(paddr_t root);

/// Maps, unmaps, changes and looks up kernel-half pages in the shared tables, under
/// their lock. Unmap and protect also flush the range from every CPU's TLB
/// (mm/tlb.hh), so the pages may be reused when they return. Call them with
/// interrupts enabled once other CPUs run (the shootdown waits for them).
/// kernel_map fails with EINVAL where the kernel's PML4 has no entry yet.
Result<void> kernel_map(vaddr_t va, paddr_t pa, u64 size, PageFlags flags);
Result<void> kernel_unmap(vaddr_t va, u64 size);
Result<void> kernel_protect(vaddr_t va, u64 size, PageFlags flags);
Result<Mapping> kernel_translate(vaddr_t va);

}  // namespace mm
