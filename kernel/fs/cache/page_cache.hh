// kernel/fs/cache/page_cache.hh — the page cache: file pages in memory, keyed by (mapping, index).
//
//   cache::Mapping m{&my_ops, owner};                  // one per file (and per block device)
//   cache::Page* p = TRY(cache::get_page(m, 12));      // uptodate, read (with readahead) on a miss
//   memcpy(buf, p->data, 4096);
//   cache::put_page(p);
//   p = TRY(cache::grab_page(m, 13, true));            // about to overwrite it whole: no read
//   memcpy(p->data, src, 4096);
//   cache::mark_dirty(p);                               // the writeback thread writes it later
//   cache::put_page(p);
//   TRY(cache::write_back(m, 0, cache::WHOLE));        // fsync: written and clean on return
//
// One cache holds every file page of the kernel, as Linux's does: a file system's reads
// and writes, a block device's metadata blocks (the block device is a mapping too) and,
// in lab 08, file-backed mmap all see the same pages. A Page is counted on its own:
// get_page and grab_page hand out a reference, a user mapping in lab 08 holds one per
// page table entry, and only pages nobody holds may be reclaimed. Which mappings map it
// is not the cache's business.
//
// A Mapping says how its pages reach the disk (MappingOps: read and write runs of
// consecutive pages, so that a file system turns them into multi-block requests).
// Reads go ahead of a sequential reader: a miss reads a window that starts at 4 pages
// and doubles while the reads stay sequential, up to 64 pages (256 KiB).
//
// Dirty pages are written by the writeback thread (writeback.cc) once older than the
// dirty expiry (30 s), or sooner when more than a tenth of memory is dirty; a writer
// that finds more than a fifth of memory dirty writes its own mapping's pages before
// it goes on (the dirty limit). Under memory pressure the allocator asks the cache to
// drop clean pages nobody holds, least recently used first (mm/shrink.hh); the cache
// also trims itself before it grows when free memory is low. Neither ever sleeps or
// waits for I/O, so reclaim cannot deadlock.
//
// Locking: one spinlock guards the index, the lists and the page flags; it is never
// held across I/O or an allocation. A page under I/O is BUSY: others wait for it on
// the cache's wait queue. A mapping's `io` mutex orders its writeback (fsync against
// the writeback thread). Callers may sleep (they are tasks, not interrupts).
#pragma once

#include "lib/list.hh"
#include "lib/mutex.hh"
#include "lib/result.hh"
#include "lib/types.hh"

namespace cache {

constexpr usize PAGE_SIZE = 4096;
/// "to the end of the file", for write_back and drop_range.
constexpr u64 WHOLE = ~u64(0);
/// Readahead windows, in pages.
constexpr u32 RA_MIN = 4, RA_MAX = 64;

struct Mapping;

/// Page flags (under the cache lock).
constexpr u32 PG_UPTODATE = 1, PG_DIRTY = 2, PG_BUSY = 4, PG_ERROR = 8;

/// One cached page of one mapping.
struct Page {
    Mapping* mapping = nullptr;
    u64 index = 0;       ///< page number in the mapping (byte offset / PAGE_SIZE)
    u8* data = nullptr;  ///< PAGE_SIZE bytes in the direct map
    u32 refs = 0;        ///< holders (under the cache lock)
    u32 flags = 0;       ///< PG_*
    u64 dirtied_ns = 0;  ///< when it became dirty (writeback expiry)
    Page* hash_next = nullptr;
    ListNode lru_node;    ///< in the LRU list (every page)
    ListNode map_node;    ///< in its mapping's page list
    ListNode dirty_node;  ///< in its mapping's dirty list, oldest first
};

/// How one mapping's pages reach the disk. Runs are of consecutive pages, each buffer
/// PAGE_SIZE bytes; a run may reach past the end of the file (read zeros, write
/// nothing there). Called with no lock held; they may sleep.
struct MappingOps {
    Result<void> (*read_pages)(Mapping& m, u64 first, u32 count, u8* const* pages);
    Result<void> (*write_pages)(Mapping& m, u64 first, u32 count, const u8* const* pages);
};

/// The pages of one file or device (Linux's address_space). Lives as long as its owner;
/// destroy it with release() once no page of it is held.
struct Mapping {
    Mapping(const MappingOps* o, void* own) : ops(o), owner(own) {}
    Mapping(const Mapping&) = delete;
    Mapping& operator=(const Mapping&) = delete;
    ~Mapping();

    const MappingOps* ops;
    void* owner;         ///< the file system's object (an inode, a device)
    u64 size_pages = 0;  ///< pages that hold data (readahead stops there); owner-set
    Mutex io{"mapping-io"};

    // The cache's (under its lock).
    IntrusiveList<Page, &Page::map_node> pages;
    IntrusiveList<Page, &Page::dirty_node> dirty;
    u64 nr_pages = 0, nr_dirty = 0;
    u32 pins = 0;           ///< the writeback thread is using it
    int wb_error = 0;       ///< the last writeback error, reported by the next write_back
    ListNode dirty_node;    ///< in the list of mappings with dirty pages
    u64 ra_next = ~u64(0);  ///< the page a sequential reader asks for next
    u32 ra_window = 0;
};

/// The page @p index of @p m, uptodate, with a reference: read from the disk on a miss,
/// with readahead. EIO when the read fails; ENOMEM.
Result<Page*> get_page(Mapping& m, u64 index);
/// The page @p index with a reference, for writing. With @p whole (the caller overwrites
/// all of it) a missing page is not read, only zeroed; otherwise it is read first.
Result<Page*> grab_page(Mapping& m, u64 index, bool whole);
/// Another reference to @p p.
void hold_page(Page* p);
/// Drops a reference.
void put_page(Page* p);
/// Marks @p p (held) dirty. Never sleeps; the writer calls balance_dirty() afterwards.
void mark_dirty(Page* p);
/// Keeps the dirty limit: past it, writes @p m's dirty pages back before returning
/// (sleeps; no spinlock held). Past the background limit, wakes the writeback thread.
void balance_dirty(Mapping& m);

/// Writes the dirty pages of @p m in [first, last] and waits until they are on the
/// disk (not flushed: the caller flushes the device). Reports a writeback error that
/// happened since the last call (EIO) once.
Result<void> write_back(Mapping& m, u64 first, u64 last);
/// write_back of every mapping with dirty pages (sync(2)).
Result<void> write_back_all();
/// Drops the pages of @p m from @p first on, dirty ones too (truncate, unlink, unmount
/// after write_back); waits for pages under I/O. Held pages are detached from @p m
/// and freed by their last put_page.
void drop_range(Mapping& m, u64 first);

/// Frees up to @p want clean pages that nobody holds, least recently used first;
/// returns how many. Never sleeps (the allocator's shrinker).
u64 shrink(u64 want);

/// Tunables (tests shorten them): dirty expiry, the writeback thread's period.
void set_dirty_expire_ns(u64 ns);
void set_writeback_period_ns(u64 ns);
/// Starts the writeback thread and registers the shrinker (once; later calls return).
Result<void> init();

struct Stats {
    u64 pages, dirty;           ///< now
    u64 hits, misses;           ///< get_page and grab_page
    u64 read_pages, readahead;  ///< pages read in, and those read ahead of a request
    u64 written;                ///< pages written back, by anyone
    u64 written_by_thread;      ///< ... by the writeback thread
    u64 throttled;              ///< writers held at the dirty limit
    u64 reclaimed;              ///< pages dropped by shrink
    u64 dirty_limit;            ///< pages
};
Stats stats();

}  // namespace cache
