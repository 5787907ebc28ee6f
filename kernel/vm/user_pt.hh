// kernel/vm/user_pt.hh — the lower half of a process's page tables, one 4 KiB slot at a time.
//
// User memory is mapped in 4 KiB pages only, and a leaf entry has three states:
//   0                       nothing (demand paging allocates on the first touch)
//   pa | P | U [| W] [| NX] a page the process can reach
//   pa | SOFT_NONE          a page kept under PROT_NONE: not present, so every access
//                           faults, but the frame is remembered (the bit is one the
//                           CPU ignores in a non-present entry)
// mm::PageTable treats every non-present entry as a hole and frees tables without a
// present entry, which would lose PROT_NONE pages; so the address-space code walks its
// half itself with these few helpers. The upper half (entries 256..511 of the PML4) is
// the kernel's, copied into every new PML4 and never freed here.
#pragma once

#include "lib/result.hh"
#include "mm/page.hh"
#include "mm/page_table.hh"

namespace vm {

constexpr u64 SOFT_NONE = 1ull << 9;

/// True when a leaf entry holds a page (present, or kept under PROT_NONE).
inline bool holds_page(u64 entry) { return entry & (mm::pte::P | SOFT_NONE); }
inline paddr_t entry_page(u64 entry) { return entry & mm::pte::ADDR; }

/// The leaf bits for a page of a VMA with protections @p prot (PROT_*); @p writable
/// false keeps the page read-only (copy-on-write).
u64 leaf_entry(paddr_t pa, int prot, bool writable);

/// The leaf slot of @p va, or null when a table on the way is missing; then
/// *@p hole_end (if given) is the end of the range that missing table would cover.
u64* find_slot(paddr_t root, vaddr_t va, vaddr_t* hole_end = nullptr);
/// The leaf slot of @p va, creating missing tables. ENOMEM.
Result<u64*> make_slot(paddr_t root, vaddr_t va);

/// Frees the tables under [lo, hi) whose entries are all zero; each freed table page
/// goes on @p freed (to be given back once no TLB can reach it).
void prune_tables(paddr_t root, vaddr_t lo, vaddr_t hi, mm::PageList& freed);
/// Frees every table of the lower half (their leaves must be clear) onto @p freed.
void free_lower_tables(paddr_t root, mm::PageList& freed);

/// Calls fn(va, slot) for every leaf slot of [lo, hi) whose tables exist, skipping
/// missing tables whole.
template <typename F>
void for_each_slot(paddr_t root, vaddr_t lo, vaddr_t hi, F&& fn) {
    for (vaddr_t va = lo; va < hi;) {
        vaddr_t hole_end = 0;
        u64* slot = find_slot(root, va, &hole_end);
        if (!slot) {
            va = hole_end;
            continue;
        }
        // One leaf table at a time: the next slots are neighbours in memory.
        vaddr_t table_end = align_down(va, mm::level_size(1)) + mm::level_size(1);
        if (table_end > hi) table_end = hi;
        for (; va < table_end; va += mm::PAGE_SIZE, ++slot) fn(va, slot);
    }
}

}  // namespace vm
