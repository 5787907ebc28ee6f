// kernel/mm/page_table.hh — 4-level x86_64 page tables behind an iterator.
//
//   PageTable pt(memory, root);
//   TRY(pt.try_map(va, pa, 16 * PAGE_SIZE, PG_WRITE));     // RW, NX, 4 KiB pages
//   for (PtIter it(pt, start); it.va() < end; it.next())   // one step per page or hole
//       if (it.present()) ... it.pa(), it.page_size(), it.flags()
//
// The same walker serves the kernel's tables and the user half of a process's
// (vm/user_pt.hh). The one difference is what an entry that is not present means: a
// hole for the kernel, but a user leaf may keep a page under PROT_NONE in a
// non-present entry. So a PageTable knows its "held" bits: an entry with any of them
// holds something, and pruning never frees a table that holds something.
//
// Nothing here knows where page tables live: a TableMemory gives access to a table
// page by its physical address and allocates new ones. The kernel's TableMemory uses
// the buddy allocator and the direct map; the host unit tests use a simulated
// physical memory. Nothing here flushes TLBs either: that is the caller's job
// (mm/tlb.hh), since only the caller knows which CPUs use the tables.
#pragma once

#include "lib/result.hh"
#include "lib/types.hh"
#include "mm/layout.hh"

namespace mm {

/// Page-table entry bits (Intel SDM vol. 3A, 4.5).
namespace pte {
constexpr u64 P = 1ull << 0;    ///< present
constexpr u64 W = 1ull << 1;    ///< writable
constexpr u64 U = 1ull << 2;    ///< user accessible
constexpr u64 PWT = 1ull << 3;  ///< write-through
constexpr u64 PCD = 1ull << 4;  ///< cache disable (PCD|PWT = uncached with the default PAT)
constexpr u64 A = 1ull << 5;    ///< accessed
constexpr u64 D = 1ull << 6;    ///< dirty
constexpr u64 PS = 1ull << 7;   ///< page size: a 2 MiB (PD) or 1 GiB (PDPT) leaf
constexpr u64 G = 1ull << 8;    ///< global: survives CR3 writes
constexpr u64 NX = 1ull << 63;  ///< no execute (needs EFER.NXE)
constexpr u64 ADDR = 0x000ffffffffff000ull;
}  // namespace pte

//! [page_flags]
/// What a mapping allows, independent of the entry format. Every mapping is readable.
using PageFlags = u32;
constexpr PageFlags PG_READ = 0;
constexpr PageFlags PG_WRITE = 1u << 0;
constexpr PageFlags PG_EXEC = 1u << 1;
constexpr PageFlags PG_USER = 1u << 2;
constexpr PageFlags PG_GLOBAL = 1u << 3;
constexpr PageFlags PG_UNCACHED = 1u << 4;
//! [page_flags]

//! [table_memory_api]
/// Access to physical pages that hold page tables.
class TableMemory {
public:
    /// The 512 entries of the table page at physical address @p pa.
    virtual u64* table(paddr_t pa) = 0;
    /// A new, zeroed table page.
    virtual Result<paddr_t> alloc_table() = 0;
    /// Gives back a table page that alloc_table returned.
    virtual void free_table(paddr_t pa) = 0;

protected:
    ~TableMemory() = default;
};
//! [table_memory_api]

/// Levels, counted from the leaf: 0 = PT (4 KiB), 1 = PD (2 MiB), 2 = PDPT (1 GiB), 3 = PML4.
constexpr unsigned PT_LEVELS = 4;
/// Bytes one entry covers at @p level.
constexpr u64 level_size(unsigned level) { return PAGE_SIZE << (9 * level); }
/// The index of @p va in the table of @p level.
constexpr unsigned level_index(vaddr_t va, unsigned level) {
    return (va >> (12 + 9 * level)) & 511;
}
/// True for addresses a 4-level table can map (bits 63..47 all equal).
constexpr bool is_canonical(vaddr_t va) {
    return va < 0x0000800000000000ull || va >= 0xffff800000000000ull;
}

/// One leaf mapping as translate() and the iterator report it.
struct Mapping {
    vaddr_t va;       ///< the start of the page
    paddr_t pa;       ///< the start of the physical page
    u64 size;         ///< 4 KiB, 2 MiB or 1 GiB
    PageFlags flags;  ///< decoded from the entry
    u64 entry;        ///< the raw entry
};

class PageTable {
public:
    /// Tables rooted at the PML4 at physical @p root. With @p nx false (a CPU without
    /// NX) non-executable mappings are made executable rather than faulting on the bit.
    /// An entry with any of @p held_bits holds something (a page, or a table) even
    /// when it is not present: pte::P, plus a software bit for tables that keep
    /// pages in non-present leaves.
    PageTable(TableMemory& memory, paddr_t root, bool nx = true, u64 held_bits = pte::P)
        : mem_(memory), root_(root), nx_(nx), held_(held_bits | pte::P) {}
    /// A new empty PML4.
    static Result<paddr_t> create_root(TableMemory& memory);

    paddr_t root() const { return root_; }
    TableMemory& memory() const { return mem_; }
    bool nx() const { return nx_; }
    /// True when @p entry holds something (see the constructor).
    bool holds(u64 entry) const { return entry & held_; }

    /// Maps [va, va + size) to [pa, pa + size). Uses pages up to @p max_page (4 KiB,
    /// 2 MiB or 1 GiB) wherever va, pa and the remaining size are aligned to them.
    /// EINVAL: unaligned or non-canonical; EEXIST: a page is already mapped; ENOMEM:
    /// no page for a table. On error nothing of the range stays mapped by this call.
    Result<void> try_map(vaddr_t va, paddr_t pa, u64 size, PageFlags flags,
                         u64 max_page = PAGE_SIZE);
    /// Unmaps every page in [va, va + size) (holes are fine). Large pages that the range
    /// cuts are split first (ENOMEM if that needs a table). Frees tables of the lower
    /// half that become empty; kernel-half tables stay (every address space shares them).
    Result<void> try_unmap(vaddr_t va, u64 size);
    /// Frees the lower-half tables under [va, va + size) that hold nothing (no entry
    /// with a held bit below them). EINVAL: unaligned, non-canonical or kernel half.
    Result<void> try_prune(vaddr_t va, u64 size);
    /// Changes the flags of every page in [va, va + size); ENOENT if one is not mapped
    /// (then nothing is changed).
    Result<void> try_protect(vaddr_t va, u64 size, PageFlags flags);
    /// The mapping that contains @p va; ENOENT when none does.
    Result<Mapping> try_translate(vaddr_t va) const;

    /// The same, panicking with the reason instead of returning an error (for the
    /// kernel's own mappings, where failure is a bug).
    void map(vaddr_t va, paddr_t pa, u64 size, PageFlags flags, u64 max_page = PAGE_SIZE);
    void unmap(vaddr_t va, u64 size);
    void protect(vaddr_t va, u64 size, PageFlags flags);

    /// The raw entry bits for @p flags at a leaf of @p level.
    u64 leaf_bits(PageFlags flags, unsigned level) const;
    /// Decodes an entry's flags.
    static PageFlags decode(u64 entry);

private:
    friend class PtIter;
    TableMemory& mem_;
    paddr_t root_;
    bool nx_;
    u64 held_;
};

//! [pt_iter_api]
/// Walks the address space one page (or one hole) at a time.
///
/// At any position the iterator knows the deepest entry for va(): a present leaf
/// (present() is true, level() is 0, 1 or 2) or the non-present entry where the walk
/// stopped (page_size() is then the size of that hole). next() moves to the next page
/// or hole, so a loop over a range visits each mapping once.
class PtIter {
public:
    PtIter(const PageTable& pt, vaddr_t va);

    vaddr_t va() const { return va_; }
    bool present() const { return entry_ && (*entry_ & pte::P); }
    /// True when the entry found holds something: present, or one of the table's held
    /// bits (a page kept in a non-present leaf).
    bool holds() const { return entry_ && pt_->holds(*entry_); }
    /// The entry found itself, for tables whose leaves carry more than PageFlags say
    /// (null when va() is not canonical).
    u64* slot() const { return entry_; }
    /// The level of the entry found: 0 (4 KiB leaf) .. 3 (a hole in the PML4).
    unsigned level() const { return level_; }
    /// Bytes the entry covers.
    u64 page_size() const { return level_size(level_); }
    /// The start of that page or hole.
    vaddr_t page_va() const { return align_down(va_, page_size()); }
    /// The physical address of va() (present() only).
    paddr_t pa() const {
        return (*entry_ & pte::ADDR & ~(page_size() - 1)) + (va_ & (page_size() - 1));
    }
    u64 entry() const { return entry_ ? *entry_ : 0; }
    PageFlags flags() const { return PageTable::decode(entry()); }
    Mapping mapping() const {
        return {page_va(), pa() - (va_ - page_va()), page_size(), flags(), entry()};
    }

    /// Moves to the next page or hole; stops (done()) past the top of the address space
    /// or at the end of the lower half. Inside a leaf table it steps to the neighbouring
    /// entry without walking again: after freeing or splitting tables, use go().
    void next();
    /// Moves to @p va.
    void go(vaddr_t va);
    bool done() const { return done_; }

    /// Maps one page of @p size (4 KiB, 2 MiB, 1 GiB) at va(), which must be aligned and
    /// unmapped, creating tables on the way. EEXIST, EINVAL, ENOMEM.
    Result<void> try_map(paddr_t pa, PageFlags flags, u64 size = PAGE_SIZE);
    /// The entry of va() at @p level (0: the 4 KiB slot), creating the missing tables
    /// on the way; the walk then stands on it. EEXIST when a large page is on the way,
    /// EINVAL, ENOMEM.
    Result<u64*> try_make_slot(unsigned level = 0);
    /// Clears the leaf at va() that holds something (the whole page, whatever its size).
    void unmap_leaf();
    /// Rewrites the flags of the present leaf at va().
    void set_flags(PageFlags flags);
    /// Splits the large leaf at va() into 512 pages of the next smaller size. ENOMEM.
    Result<void> try_split();
    //! [pt_iter_api]

private:
    void walk();
    const PageTable* pt_;
    vaddr_t va_;
    u64* entry_ = nullptr;
    unsigned level_ = 3;
    bool done_ = false;
};

}  // namespace mm
