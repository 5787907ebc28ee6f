// kernel/vm/page_ref.hh — reference counts of the physical pages behind user memory.
//
// A page of user memory may be mapped by several address spaces at once: after fork,
// every private page is shared read-only by parent and child until one of them writes
// (copy-on-write), and MAP_SHARED pages stay shared for good. The count of page-table
// entries that map a page lives in its descriptor (mm::Page::refcount, which user
// pages do not need for the slab's freelist). A copy-on-write fault on a page whose
// count is 1 needs no copy: the writer is its only user and gets it writable back.
#pragma once

#include <atomic>

#include "lib/result.hh"
#include "mm/page.hh"
#include "mm/physmem.hh"

namespace vm {

inline std::atomic_ref<u32> page_refcount(paddr_t pa) {
    mm::Page* p = mm::page_of_phys(pa);
    if (!p) panic("vm: user page {:#x} has no descriptor", pa);
    return std::atomic_ref<u32>(p->refcount);
}

/// A zero-filled page for user memory, with one reference. ENOMEM.
inline Result<paddr_t> alloc_user_page() {
    paddr_t pa = TRY(mm::alloc_pages_zeroed(0));
    page_refcount(pa).store(1, std::memory_order_relaxed);
    return pa;
}

/// One more mapping of @p pa.
inline void page_get(paddr_t pa) { page_refcount(pa).fetch_add(1, std::memory_order_relaxed); }

/// One mapping fewer; true when that was the last one (the caller frees the page, once
/// no TLB can reach it any more).
inline bool page_put(paddr_t pa) {
    u32 before = page_refcount(pa).fetch_sub(1, std::memory_order_acq_rel);
    if (before == 0) panic("vm: reference count of user page {:#x} dropped below zero", pa);
    return before == 1;
}

/// The number of mappings of @p pa.
inline u32 page_refs(paddr_t pa) { return page_refcount(pa).load(std::memory_order_acquire); }

}  // namespace vm
