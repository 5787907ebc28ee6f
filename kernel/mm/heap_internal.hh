// kernel/mm/heap_internal.hh — what heap.cc and heap_debug.cc share; not for other users.
#pragma once

#include "mm/heap.hh"

namespace mm::heap_detail {

//! [debug_header]
/// A debug slot: header, leading red zone, the object, trailing red zone (at least 16
/// bytes, more when the size is below the class size).
struct DebugHeader {
    void* slab_link;  ///< the slab's free-list link while the slot is free
    u32 magic;        ///< LIVE or FREED
    u32 size;         ///< what kmalloc was asked for
    const void* alloc_site;
    const void* free_site;
};
static_assert(sizeof(DebugHeader) == 32);
constexpr usize LEAD_REDZONE = 16;
constexpr usize TAIL_REDZONE = 16;
constexpr usize DEBUG_OBJECT_OFFSET = sizeof(DebugHeader) + LEAD_REDZONE;
constexpr usize DEBUG_OVERHEAD = DEBUG_OBJECT_OFFSET + TAIL_REDZONE;
//! [debug_header]

Result<void*> debug_alloc(SlabCache& cache, usize size, const void* site);
void debug_free(SlabCache& cache, void* ptr, const void* site);
usize debug_size(const void* ptr);

/// Hands a report to the installed handler.
void report(const HeapReport& r);
/// Reports made since boot.
usize report_count();
/// The debug caches (for heap_check).
usize debug_cache_count();
SlabCache& debug_cache(usize i);

}  // namespace mm::heap_detail
