// kernel/mm/physmem.hh — the kernel's physical page allocator: one locked buddy
// allocator plus a small cache of single pages per CPU.
//
//   paddr_t pa = TRY(mm::alloc_pages(0));      // ENOMEM when memory is exhausted
//   memset(mm::phys_to_virt(pa), 0, mm::PAGE_SIZE);
//   mm::free_pages(pa, 0);
//
// Single pages come from the calling CPU's cache (no shared lock); the cache refills
// from and spills to the buddy lists in batches. Statistics come from the allocator's
// own counters and lists (mm/buddy.hh).
#pragma once

#include "lib/result.hh"
#include "mm/buddy.hh"

namespace mm {

/// A block of 2^order physical pages (not zeroed).
Result<paddr_t> alloc_pages(unsigned order = 0);
/// The same, zero-filled.
Result<paddr_t> alloc_pages_zeroed(unsigned order = 0);
/// A block that ends at or below physical address @p limit (e.g. 4 GiB).
Result<paddr_t> alloc_pages_below(unsigned order, paddr_t limit);
/// Frees a block; @p order must be the one it was allocated with (panics otherwise,
/// as on a double free, naming the frame).
void free_pages(paddr_t pa, unsigned order = 0);

/// The descriptor of a physical page / of the page holding a direct-map address; null
/// for frames the allocator does not know (holes, MMIO).
Page* page_of_phys(paddr_t pa);
Page* page_of_address(const void* direct_map_address);
paddr_t page_phys(const Page* page);
void* page_address(const Page* page);

//! [phys_stats]
struct PhysStats {
    BuddyStats buddy;        ///< the buddy lists (free_pages excludes the CPU caches)
    u64 cached_pages = 0;    ///< free single pages sitting in CPU caches
    u64 usable_pages = 0;    ///< usable RAM in the boot memory map
    u64 reserved_pages = 0;  ///< usable RAM kept back: kernel, modules, page tables, descriptors
    /// Free pages, caches included.
    u64 free_pages() const { return buddy.free_pages + cached_pages; }
};
PhysStats phys_stats();
//! [phys_stats]

/// Returns the pages of every CPU's cache to the buddy lists (so that per-order
/// statistics are comparable across time).
void drain_page_caches();

/// Logs the statistics (one line per order).
void log_phys_stats(const char* when);

/// The allocator, for mm's own initialization (mm/init.cc) and nothing else.
BuddyAllocator& physmem_buddy_for_init();
/// Records the boot accounting for phys_stats().
void physmem_set_boot_counts(u64 usable_pages, u64 reserved_pages);
/// True once the allocator has memory (mm::init ran the lab 02 code).
bool physmem_ready();

}  // namespace mm
