// kernel/fs/cache/page_cache.cc — the page cache (page_cache.hh): the index, reads with
// readahead, dirty pages, dropping and reclaiming.
//
// Pages are found by a hash of (mapping, index) in one table; every page is also on the
// LRU list (least recently used at the front) and on its mapping's list, and a dirty
// one on its mapping's dirty list. Page frames come from the page allocator, their
// descriptors from chunks of 64 KiB carved into a spare list (so that freeing one never
// calls the heap, which the shrinker may not do).
#include <atomic>

#include "drivers/timer/clock.hh"
#include "fs/cache/internal.hh"
#include "lib/log.hh"
#include "lib/string.hh"
#include "mm/layout.hh"
#include "mm/physmem.hh"
#include "mm/shrink.hh"
#include "proc/sched.hh"

namespace cache {
namespace detail {
namespace {

SpinLock cache_lock{"page-cache"};
proc::WaitQueue waiters, flusher_wq;
IntrusiveList<Mapping, &Mapping::dirty_node> dirty_list;
Counters ctr;

}  // namespace

SpinLock& lock() { return cache_lock; }
proc::WaitQueue& page_waiters() { return waiters; }
proc::WaitQueue& flusher_waiters() { return flusher_wq; }
IntrusiveList<Mapping, &Mapping::dirty_node>& dirty_mappings() { return dirty_list; }
Counters& counters() { return ctr; }

}  // namespace detail

using namespace detail;

namespace {

constexpr usize BUCKETS = 4096;
Page* buckets[BUCKETS];
IntrusiveList<Page, &Page::lru_node> lru;
Page* spare = nullptr;              // free descriptors, chained by hash_next (under the lock)
constexpr unsigned DESC_ORDER = 4;  // descriptors come in chunks of 64 KiB
std::atomic<u32> inserts{0};

Page*& bucket(const Mapping* m, u64 index) {
    u64 h =
        (reinterpret_cast<uptr>(m) >> 4) * 0x9E3779B97F4A7C15ull ^ index * 0xC2B2AE3D27D4EB4Full;
    return buckets[(h >> 40) % BUCKETS];
}

Page* find(const Mapping& m, u64 index) {
    for (Page* p = bucket(&m, index); p; p = p->hash_next)
        if (p->mapping == &m && p->index == index) return p;
    return nullptr;
}

// A frame and a descriptor, outside the lock. ENOMEM.
Result<Page*> new_page() {
    Page* p = nullptr;
    for (;;) {
        {
            SpinLockGuard g(cache_lock);
            if ((p = spare)) {
                spare = p->hash_next;
                break;
            }
        }
        // A chunk of descriptors at once, never given back: scattered small slabs
        // between the frames would keep reclaim from freeing any larger block.
        paddr_t chunk = TRY(mm::alloc_pages(DESC_ORDER));
        auto* descs = mm::phys_to_virt<Page>(chunk);
        SpinLockGuard g(cache_lock);
        for (usize i = 0; i < (mm::PAGE_SIZE << DESC_ORDER) / sizeof(Page); ++i) {
            descs[i].hash_next = spare;
            spare = &descs[i];
        }
    }
    auto pa = mm::alloc_pages(0);
    if (pa.is_error()) {
        SpinLockGuard g(cache_lock);
        p->hash_next = spare;
        spare = p;
        return Error(ENOMEM);
    }
    memset(static_cast<void*>(p), 0, sizeof(Page));  // no lists, no flags, no references
    p->data = mm::phys_to_virt<u8>(pa.value());
    return p;
}

// Gives back a page that is in no list (lock held): its frame now, its descriptor to
// the spare list.
void free_page_locked(Page* p) {
    mm::free_pages(mm::virt_to_phys(p->data), 0);
    p->data = nullptr;
    p->mapping = nullptr;
    p->hash_next = spare;
    spare = p;
}

void insert(Mapping& m, Page* p, u64 index) {
    p->mapping = &m;
    p->index = index;
    Page*& b = bucket(&m, index);
    p->hash_next = b;
    b = p;
    lru.push_back(*p);
    m.pages.push_back(*p);
    ++m.nr_pages;
    ++ctr.pages;
}

void clear_dirty_locked(Page* p) {
    if (!(p->flags & PG_DIRTY)) return;
    p->flags &= ~PG_DIRTY;
    Mapping& m = *p->mapping;
    m.dirty.remove(*p);
    --m.nr_dirty;
    --ctr.dirty;
    if (!m.nr_dirty && m.dirty_node.linked()) dirty_list.remove(m);
}

// Takes @p p out of the index and the lists (lock held); frees it unless held.
void remove(Page* p) {
    Mapping& m = *p->mapping;
    clear_dirty_locked(p);
    for (Page** link = &bucket(&m, p->index); *link; link = &(*link)->hash_next)
        if (*link == p) {
            *link = p->hash_next;
            break;
        }
    p->hash_next = nullptr;
    lru.remove(*p);
    m.pages.remove(*p);
    --m.nr_pages;
    --ctr.pages;
    if (p->refs == 0) free_page_locked(p);
    else p->mapping = nullptr;  // detached: its last put_page frees it
}

// Before the cache grows: when free memory is short, give back clean pages first, so
// that the cache makes room for itself instead of starving everyone else.
void trim_if_low() {
    if (inserts.fetch_add(1) % 64 != 0) return;
    mm::PhysStats s = mm::phys_stats();
    if (s.free_pages() < s.usable_pages / 32) shrink(256);
}

// Waits for the busy page @p p (lock held through @p g); it may be gone afterwards.
void wait_busy() { proc::sleep_on(waiters, cache_lock); }

// A miss at @p index: reads a run of pages (readahead) into the cache, or zeroes one
// (@p whole). Returns the page at @p index with a reference, or null when another task
// inserted it meanwhile (the caller looks again).
Result<Page*> fill(Mapping& m, u64 index, bool whole) {
    u32 want = 1;
    if (!whole) {
        SpinLockGuard g(cache_lock);
        u32 w = index == m.ra_next ? m.ra_window * 2 : RA_MIN;
        if (w < RA_MIN) w = RA_MIN;
        if (w > RA_MAX) w = RA_MAX;
        m.ra_window = w;
        if (index < m.size_pages) want = m.size_pages - index < w ? u32(m.size_pages - index) : w;
    }
    trim_if_low();
    Page* got[RA_MAX];
    u32 n = 0;
    for (; n < want; ++n) {
        auto r = new_page();
        if (r.is_error()) break;  // read what we have
        got[n] = r.value();
    }
    if (n == 0) return Error(ENOMEM);
    u32 k = 0;
    {
        SpinLockGuard g(cache_lock);
        while (k < n && !find(m, index + k)) {
            got[k]->refs = 1;
            got[k]->flags = PG_BUSY;
            insert(m, got[k], index + k);
            ++k;
        }
        for (u32 i = k; i < n; ++i) free_page_locked(got[i]);
        m.ra_next = index + k;
    }
    if (k == 0) return static_cast<Page*>(nullptr);
    u8* data[RA_MAX];
    for (u32 i = 0; i < k; ++i) data[i] = got[i]->data;
    Result<void> r{};
    ctr.misses++;
    if (whole) {
        memset(data[0], 0, PAGE_SIZE);
    } else {
        r = m.ops->read_pages(m, index, k, data);
        ctr.read_pages += k;
        ctr.readahead += k - 1;
    }
    SpinLockGuard g(cache_lock);
    for (u32 i = 0; i < k; ++i) {
        Page* p = got[i];
        p->flags &= ~PG_BUSY;
        if (r.is_error()) {
            p->refs = 0;
            if (p->mapping) remove(p);
        } else {
            p->flags |= PG_UPTODATE;
            if (i) --p->refs;  // read ahead: nobody holds it yet
        }
    }
    proc::wake_all(waiters);
    if (r.is_error()) {
        klog::warn("page cache: reading pages {}..{} failed (errno {})", index, index + k - 1,
                   r.error());
        return Error(EIO);
    }
    return got[0];
}

Result<Page*> lookup(Mapping& m, u64 index, bool whole) {
    for (;;) {
        {
            SpinLockGuard g(cache_lock);
            Page* p = find(m, index);
            while (p && (p->flags & PG_BUSY)) {
                wait_busy();
                p = find(m, index);
            }
            if (p) {
                ++p->refs;
                lru.remove(*p);
                lru.push_back(*p);
                ctr.hits++;
                return p;
            }
        }
        Page* p = TRY(fill(m, index, whole));
        if (p) return p;
    }
}

}  // namespace

Page* detail::find_page(const Mapping& m, u64 index) { return find(m, index); }

Mapping::~Mapping() {
    drop_range(*this, 0);
    SpinLockGuard g(cache_lock);
    if (dirty_node.linked()) dirty_list.remove(*this);
    while (pins) proc::sleep_on(waiters, cache_lock);
}

Result<Page*> get_page(Mapping& m, u64 index) { return lookup(m, index, false); }

Result<Page*> grab_page(Mapping& m, u64 index, bool whole) { return lookup(m, index, whole); }

void hold_page(Page* p) {
    SpinLockGuard g(cache_lock);
    ++p->refs;
}

void put_page(Page* p) {
    SpinLockGuard g(cache_lock);
    if (p->refs == 0) panic("page cache: put_page of a page nobody holds");
    if (--p->refs == 0 && !p->mapping) free_page_locked(p);
}

void mark_dirty(Page* p) {
    SpinLockGuard g(cache_lock);
    if ((p->flags & PG_DIRTY) || !p->mapping) return;
    p->flags |= PG_DIRTY;
    p->dirtied_ns = ktime::now_ns();
    Mapping& m = *p->mapping;
    m.dirty.push_back(*p);
    ++m.nr_dirty;
    ++ctr.dirty;
    if (!m.dirty_node.linked()) dirty_list.push_back(m);
}

void balance_dirty(Mapping& m) {
    bool over, background;
    {
        SpinLockGuard g(cache_lock);
        over = ctr.dirty > ctr.dirty_limit;
        background = ctr.dirty > ctr.background_limit;
        if (background) proc::wake_all(flusher_wq);
    }
    if (!over) return;
    ctr.throttled++;
    MutexGuard io(m.io);
    (void)write_dirty(m, 0, WHOLE, WHOLE, false);  // an error is reported by fsync
}

Result<void> write_back(Mapping& m, u64 first, u64 last) {
    MutexGuard io(m.io);
    Result<void> r = write_dirty(m, first, last, WHOLE, false);
    SpinLockGuard g(cache_lock);
    int e = m.wb_error;
    m.wb_error = 0;
    if (r.is_error()) return r;
    if (e) return Error(e);
    return {};
}

Result<void> write_back_all() {
    Result<void> first_error{};
    usize rounds;  // the mappings dirty now: one written again meanwhile is not chased
    {
        SpinLockGuard g(cache_lock);
        rounds = dirty_list.size();
    }
    while (rounds--) {
        Mapping* m = nullptr;
        {
            SpinLockGuard g(cache_lock);
            if (!(m = dirty_list.front())) break;
            dirty_list.remove(*m);  // back at the end if it gets dirty again
            ++m->pins;
        }
        auto r = write_back(*m, 0, WHOLE);
        if (r.is_error() && !first_error.is_error()) first_error = r;
        SpinLockGuard g(cache_lock);
        // (A page whose write failed is clean, its error kept for fsync: no loop here.)
        if (m->nr_dirty && !m->dirty_node.linked()) dirty_list.push_back(*m);
        if (--m->pins == 0) proc::wake_all(waiters);
    }
    return first_error;
}

void drop_range(Mapping& m, u64 first) {
    SpinLockGuard g(cache_lock);
    for (bool again = true; again;) {
        again = false;
        for (auto it = m.pages.begin(); it != m.pages.end();) {
            Page* p = &*it;
            ++it;
            if (p->index < first) continue;
            if (p->flags & PG_BUSY) {
                wait_busy();  // the lists may have changed: start over
                again = true;
                break;
            }
            remove(p);
        }
    }
    if (first == 0) m.ra_next = ~u64(0);
}

u64 shrink(u64 want) {
    auto irqs = cache_lock.try_lock();
    if (!irqs) return 0;  // held by this CPU's caller, or by another CPU: free nothing
    u64 freed = 0;
    for (auto it = lru.begin(); it != lru.end() && freed < want;) {
        Page* p = &*it;
        ++it;
        if (p->refs || (p->flags & (PG_DIRTY | PG_BUSY))) continue;
        remove(p);
        ++freed;
    }
    cache_lock.unlock(std::move(*irqs));
    ctr.reclaimed += freed;
    return freed;
}

void set_dirty_expire_ns(u64 ns) { ctr.expire_ns = ns; }
void set_writeback_period_ns(u64 ns) {
    ctr.period_ns = ns;
    SpinLockGuard g(cache_lock);
    proc::wake_all(flusher_wq);
}

namespace {
u64 shrink_for_allocator(u64 want) { return shrink(want); }
mm::Shrinker shrinker{"page-cache", shrink_for_allocator};
std::atomic<int> started{0};  // 0 no, 1 starting, 2 yes
}  // namespace

Result<void> init() {
    int expect = 0;
    if (!started.compare_exchange_strong(expect, 1)) {
        while (started.load() != 2) proc::yield();
        return {};
    }
    mm::PhysStats s = mm::phys_stats();
    ctr.dirty_limit = s.usable_pages / 5;
    ctr.background_limit = s.usable_pages / 10;
    mm::register_shrinker(shrinker);
    auto r = start_flusher();
    if (r.is_error()) klog::error("page cache: no writeback thread (errno {})", r.error());
    klog::info("page cache: dirty limit {} pages, background {} pages, expiry {} s",
               ctr.dirty_limit, ctr.background_limit, ctr.expire_ns.load() / 1000000000);
    started.store(2);
    return r;
}

Stats stats() {
    Stats s{};
    {
        SpinLockGuard g(cache_lock);
        s.pages = ctr.pages;
        s.dirty = ctr.dirty;
    }
    s.hits = ctr.hits;
    s.misses = ctr.misses;
    s.read_pages = ctr.read_pages;
    s.readahead = ctr.readahead;
    s.written = ctr.written;
    s.written_by_thread = ctr.written_by_thread;
    s.throttled = ctr.throttled;
    s.reclaimed = ctr.reclaimed;
    s.dirty_limit = ctr.dirty_limit;
    return s;
}

}  // namespace cache
