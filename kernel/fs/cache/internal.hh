// kernel/fs/cache/internal.hh — what page_cache.cc shares with writeback.cc: the lock, the
// lists of dirty pages and mappings, the counters.
#pragma once

#include <atomic>

#include "fs/cache/page_cache.hh"
#include "lib/spinlock.hh"
#include "proc/wait_queue.hh"

namespace cache::detail {

/// Guards the index, the lists, page flags and counts, and the mapping fields marked so.
/// Unranked: the allocator's shrinker takes it with try_lock from any context.
SpinLock& lock();
/// Tasks waiting for a page's I/O or a mapping's pins (under lock()).
proc::WaitQueue& page_waiters();
/// The writeback thread's sleep (under lock()).
proc::WaitQueue& flusher_waiters();
/// Mappings with dirty pages, oldest dirtied first (under lock()).
IntrusiveList<Mapping, &Mapping::dirty_node>& dirty_mappings();

struct Counters {
    u64 pages = 0, dirty = 0;  // under lock()
    std::atomic<u64> hits{0}, misses{0}, read_pages{0}, readahead{0}, written{0},
        written_by_thread{0}, throttled{0}, reclaimed{0};
    u64 dirty_limit = 0, background_limit = 0;  // set by init()
    std::atomic<u64> expire_ns{30ull * 1000000000}, period_ns{5ull * 1000000000};
};
Counters& counters();

/// The page @p index of @p m, or null (lock held).
Page* find_page(const Mapping& m, u64 index);

/// Writes the dirty pages of @p m in [first, last] dirtied at or before @p cutoff_ns
/// (WHOLE: any), in runs of consecutive pages; the caller holds m.io. Returns the
/// first write error.
Result<void> write_dirty(Mapping& m, u64 first, u64 last, u64 cutoff_ns, bool by_thread);

/// Starts the writeback thread (init()).
Result<void> start_flusher();

}  // namespace cache::detail
