// kernel/mm/page.hh — one descriptor per physical page frame.
//
// The buddy allocator keeps free blocks on lists through the descriptor of their first
// page; the slab allocator keeps its per-slab state in the descriptor of the slab's
// first page; kfree finds both from an address. Descriptors live in arrays, one per
// span of physical memory (mm/buddy.hh), 32 bytes each: 0.8% of memory.
#pragma once

#include "lib/list.hh"
#include "lib/types.hh"

namespace mm {

enum class PageKind : u8 {
    Reserved,   ///< never handed out: firmware, the kernel image, boot tables, holes
    Free,       ///< the first page of a free buddy block (order says how big)
    FreeTail,   ///< a later page of a free buddy block
    Allocated,  ///< the first page of an allocated block (order says how big)
    Tail,       ///< a later page of an allocated block
    Cached,     ///< a single page in a CPU's page cache (free, but not on a buddy list)
    Slab,       ///< the first page of a slab (mm/slab.hh)
    SlabTail,   ///< a later page of a slab; head_offset leads to the first
    Large,      ///< the first page of a page-granular kmalloc (order says how big)
};

struct Page {
    ListNode node;  ///< on a free list (buddy) or a slab cache's partial list
    PageKind kind;
    u8 order;         ///< block order for Free / Allocated / Slab / Large heads
    u16 inuse;        ///< slab: objects handed out
    u16 cache;        ///< slab: index of the cache in the heap's table
    u16 head_offset;  ///< SlabTail: how many pages back the slab's first page is
    union {
        void* freelist;  ///< slab: the first free object
        u32 refcount;    ///< user pages (vm/page_ref.hh): mappings that share the page
    };
};
static_assert(sizeof(Page) == 32);

using PageList = IntrusiveList<Page, &Page::node>;

}  // namespace mm
