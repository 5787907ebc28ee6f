// kernel/mm/buddy.hh — the buddy allocator of physical page frames (no locking).
//
// Physical memory is a set of spans, each with its own array of Page descriptors, so
// that holes between RAM regions (2..4 GiB on a PC with more than 2 GiB) cost nothing.
// A free block of 2^order pages starts at a page frame number that is a multiple of
// 2^order; its first descriptor sits on the list of that order. alloc() takes the
// smallest free block that fits and splits it; free() merges a block with its buddy
// (the block whose frame number differs in bit `order`) for as long as that buddy is
// free and whole, so freeing everything always gives back the original big blocks.
//
// The class is the pure algorithm: mm/physmem.cc wraps one instance in a lock, adds
// per-CPU caches and fills it from the boot memory map; the host unit tests drive
// it over a simulated memory and compare it with a model.
#pragma once

#include "lib/result.hh"
#include "mm/layout.hh"
#include "mm/page.hh"

namespace mm {

/// The largest block: 2^10 pages = 4 MiB.
constexpr unsigned MAX_ORDER = 10;

/// What the allocator itself counts; nothing here is computed by its users.
struct BuddyStats {
    u64 managed_pages = 0;                ///< pages ever given to the allocator
    u64 free_pages = 0;                   ///< pages on the free lists now
    u64 free_blocks[MAX_ORDER + 1] = {};  ///< free blocks of each order
    u64 allocs = 0, frees = 0;            ///< successful calls since boot
};

class BuddyAllocator {
public:
    static constexpr usize MAX_SPANS = 32;

    /// @p virt_base: the virtual address at which physical address 0 is visible
    /// (DIRECT_MAP_BASE in the kernel; a simulated memory's base in host tests).
    explicit BuddyAllocator(uptr virt_base = DIRECT_MAP_BASE) : virt_base_(virt_base) {}
    BuddyAllocator(const BuddyAllocator&) = delete;
    BuddyAllocator& operator=(const BuddyAllocator&) = delete;

    /// Adds the frames [start_pfn, end_pfn) with their descriptors (end - start of
    /// them, which this initializes to Reserved). Spans are added in ascending order
    /// and may not overlap. EINVAL / ENOSPC (too many spans).
    Result<void> add_span(u64 start_pfn, u64 end_pfn, Page* descriptors);
    /// Hands the Reserved frames [start_pfn, end_pfn), all inside one span, to the allocator.
    void add_free_range(u64 start_pfn, u64 end_pfn);

    /// A block of 2^order pages; ENOMEM when no block is large enough, EINVAL for an
    /// order above MAX_ORDER.
    Result<Page*> alloc(unsigned order);
    /// A block that ends at or below physical address @p limit (for the AP trampoline's
    /// tables, devices with 32-bit DMA). Slower: it searches the lists.
    Result<Page*> alloc_below(unsigned order, paddr_t limit);
    /// Gives back a block that alloc returned with the same order. Freeing a page that
    /// is not the start of an allocated block of that order panics (double free, or a
    /// wrong order), naming the frame.
    void free(Page* page, unsigned order);

    /// The descriptor of frame @p pfn, or null when no span holds it.
    Page* page_of_pfn(u64 pfn) const;
    Page* page_of_phys(paddr_t pa) const { return page_of_pfn(pfn_of(pa)); }
    /// The descriptor of the page containing @p address (a direct-map address).
    Page* page_of_address(const void* address) const {
        return page_of_pfn((reinterpret_cast<uptr>(address) - virt_base_) >> PAGE_SHIFT);
    }
    /// The frame number / physical address / direct-map address of a descriptor.
    u64 pfn(const Page* page) const;
    paddr_t phys(const Page* page) const { return pfn_to_phys(pfn(page)); }
    void* address(const Page* page) const {
        return reinterpret_cast<void*>(virt_base_ + phys(page));
    }

    BuddyStats stats() const;
    /// Checks every invariant (lists against descriptors, alignment, no two free
    /// buddies left unmerged, the counters); panics naming the first violation.
    void verify() const;

    /// Marks a block the allocator handed out as belonging to someone else's kind
    /// (Slab, Large, Cached); free() accepts those kinds back.
    static bool is_allocated_kind(PageKind k);

private:
    struct Span {
        u64 start, end;  // frame numbers
        Page* pages;
    };
    const Span* span_of(u64 pfn) const;
    void free_block(const Span& span, u64 pfn, unsigned order);
    Page* take(PageList& list, Page* head, unsigned from_order, unsigned order);

    uptr virt_base_;
    Span spans_[MAX_SPANS] = {};
    usize span_count_ = 0;
    PageList free_[MAX_ORDER + 1];
    u64 managed_ = 0, free_pages_ = 0, allocs_ = 0, frees_ = 0;
};

}  // namespace mm
