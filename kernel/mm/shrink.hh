// kernel/mm/shrink.hh — caches that give memory back when the page allocator runs out.
//
//   u64 drop_clean(u64 want) { ... return pages_freed; }     // never sleeps, never allocates
//   mm::Shrinker s{"page-cache", drop_clean};
//   mm::register_shrinker(s);                                 // once, at start-up
//
// When alloc_pages finds no free block it asks every registered cache to free pages,
// then tries once more. A shrinker runs in the allocating context (any context: a
// caller may hold spinlocks, the heap's among them, or have interrupts off), so it
// must never sleep, never allocate, never free heap memory, and must take its own
// locks with try_lock (a caller may hold them): when it cannot, it frees nothing.
// That is what makes reclaim deadlock-free. A CPU already shrinking does not recurse.
#pragma once

#include "lib/types.hh"

namespace mm {

struct Shrinker {
    const char* name;
    /// Frees up to about @p want pages; returns how many pages it gave back.
    u64 (*scan)(u64 want);
    Shrinker* next = nullptr;  ///< the registry's
};

/// Adds @p s to the caches asked under pressure (its memory must live forever).
void register_shrinker(Shrinker& s);
/// Asks the registered caches for @p want pages; returns how many they freed.
u64 shrink_caches(u64 want);
/// Pages freed by shrinkers since boot (statistics, tests).
u64 pages_reclaimed();

}  // namespace mm
