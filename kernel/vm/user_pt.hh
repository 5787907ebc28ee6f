// kernel/vm/user_pt.hh — the lower half of a process's page tables, one 4 KiB slot at a time.
//
// User memory is mapped in 4 KiB pages only, and a leaf entry has three states:
//   0                       nothing (demand paging allocates on the first touch)
//   pa | P | U [| W] [| NX] a page the process can reach
//   pa | SOFT_NONE          a page kept under PROT_NONE: not present, so every access
//                           faults, but the frame is remembered (the bit is one the
//                           CPU ignores in a non-present entry)
// The walk is mm::PtIter's (mm/page_table.hh), on a PageTable whose held bits include
// SOFT_NONE: to it such an entry holds a page, so pruning keeps its table. These helpers
// only adapt it to what the address-space code asks. The upper half (entries 256..511
// of the PML4) is the kernel's, copied into every new PML4 and never freed here.
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

/// The leaf slot of @p va, or null when a table on the way is missing.
u64* find_slot(paddr_t root, vaddr_t va);
/// The leaf slot of @p va, creating missing tables. ENOMEM.
Result<u64*> make_slot(paddr_t root, vaddr_t va);

/// Frees the tables under [lo, hi) that hold no page (a PROT_NONE one counts as held);
/// each freed table page goes on @p freed (to be given back once no TLB can reach it).
void prune_tables(paddr_t root, vaddr_t lo, vaddr_t hi, mm::PageList& freed);
/// Frees every table of the lower half (their leaves must be clear) onto @p freed.
void free_lower_tables(paddr_t root, mm::PageList& freed);

/// Table pages of user tables: the page allocator through the direct map. Freed table
/// pages go on @p freed (to be given back once no TLB can reach them); a walk that
/// frees nothing may leave it null.
class UserTableMemory final : public mm::TableMemory {
public:
    explicit UserTableMemory(mm::PageList* freed = nullptr) : freed_(freed) {}
    u64* table(paddr_t pa) override;
    Result<paddr_t> alloc_table() override;
    void free_table(paddr_t pa) override;

private:
    mm::PageList* freed_;
};

/// The user half of the tables at @p root as a PageTable (SOFT_NONE holds a page).
mm::PageTable user_tables(UserTableMemory& memory, paddr_t root);

/// Calls fn(va, slot) for every leaf slot of [lo, hi) whose tables exist, skipping
/// missing tables whole.
template <typename F>
void for_each_slot(paddr_t root, vaddr_t lo, vaddr_t hi, F&& fn) {
    UserTableMemory memory;
    mm::PageTable pt = user_tables(memory, root);
    for (mm::PtIter it(pt, lo); !it.done() && it.va() < hi; it.next())
        if (it.level() == 0) fn(it.va(), it.slot());
}

}  // namespace vm
