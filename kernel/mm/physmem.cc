// kernel/mm/physmem.cc — the global page allocator: a buddy allocator behind a spinlock,
// fronted by per-CPU caches of single pages.
//
// Most allocations are single pages (page tables, slabs, user pages), so each CPU
// keeps up to CACHE_HIGH free pages of its own and touches the shared lock only once
// per BATCH pages. A cache has its own lock too, so another CPU can drain it for
// statistics; that lock is uncontended in normal operation. Descriptor lookups
// (frame <-> descriptor) read only the span table, which is fixed after boot, so they
// take no lock.
#include "mm/physmem.hh"

#include "arch/x86_64/percpu.hh"
#include "lib/log.hh"
#include "lib/spinlock.hh"
#include "lib/string.hh"
#include "mm/shrink.hh"

namespace mm {
namespace {

constexpr unsigned BATCH = 16;
constexpr unsigned CACHE_HIGH = 64;

struct PageCache {
    SpinLock lock{"pagecache"};
    Page* pages[CACHE_HIGH + 1];
    unsigned count = 0;
};

BuddyAllocator buddy(DIRECT_MAP_BASE);
SpinLock buddy_lock("buddy");
PageCache caches[arch::MAX_CPUS];

u64 usable_pages_at_boot = 0, reserved_pages_at_boot = 0;
bool ready = false;

// Gives the cache's pages back to the buddy lists, keeping @p keep of them.
// The caller holds the cache's lock.
void spill(PageCache& c, unsigned keep) {
    if (c.count <= keep) return;
    SpinLockGuard g(buddy_lock);
    while (c.count > keep) {
        Page* p = c.pages[--c.count];
        p->kind = PageKind::Allocated;
        buddy.free(p, 0);
    }
}

//! [pcache_refill]
// Fills an empty cache with up to BATCH pages; false when the buddy has none.
bool refill(PageCache& c) {
    SpinLockGuard g(buddy_lock);
    while (c.count < BATCH) {
        auto r = buddy.alloc(0);
        if (r.is_error()) break;
        Page* p = r.value();
        p->kind = PageKind::Cached;
        c.pages[c.count++] = p;
    }
    return c.count > 0;
}
//! [pcache_refill]

}  // namespace

BuddyAllocator& physmem_buddy_for_init() { return buddy; }

void physmem_set_boot_counts(u64 usable, u64 reserved) {
    usable_pages_at_boot = usable;
    reserved_pages_at_boot = reserved;
    ready = true;
}

bool physmem_ready() { return ready; }

//! [pcache_alloc]
static Result<paddr_t> alloc_pages_once(unsigned order) {
    if (order == 0) {
        PageCache& c = caches[arch::cpu_index()];
        SpinLockGuard g(c.lock);
        if (c.count == 0 && !refill(c)) return Error(ENOMEM);
        Page* p = c.pages[--c.count];
        p->kind = PageKind::Allocated;
        p->order = 0;
        return buddy.phys(p);
    }
    SpinLockGuard g(buddy_lock);
    Page* p = TRY(buddy.alloc(order));
    return buddy.phys(p);
}
//! [pcache_alloc]

// When memory has run out, the caches (mm/shrink.hh) give some back and the
// allocation is tried once more: enough for the block the caller wants, and a batch
// beyond it so that the next allocations do not come back here at once.
Result<paddr_t> alloc_pages(unsigned order) {
    // A larger block needs its buddies back on the lists: pages the caches freed sit in
    // the CPUs' caches until drained. The pages freed are scattered (there is no
    // compaction), so each round asks for four times more, up to most of the caches.
    for (unsigned round = 0;; ++round) {
        auto r = alloc_pages_once(order);
        if (!r.is_error() || round == 5) return r;
        if (!shrink_caches(((u64(4) << order) + BATCH) << (2 * round))) return r;
        if (order) drain_page_caches();
    }
}

Result<paddr_t> alloc_pages_zeroed(unsigned order) {
    paddr_t pa = TRY(alloc_pages(order));
    memset(phys_to_virt(pa), 0, PAGE_SIZE << order);
    return pa;
}

Result<paddr_t> alloc_pages_below(unsigned order, paddr_t limit) {
    SpinLockGuard g(buddy_lock);
    Page* p = TRY(buddy.alloc_below(order, limit));
    return buddy.phys(p);
}

//! [pcache_free]
void free_pages(paddr_t pa, unsigned order) {
    Page* p = buddy.page_of_phys(pa);
    if (!p || (pa & (PAGE_SIZE - 1)))
        panic("free_pages: {:#x} is not a page the allocator manages", pa);
    if (order == 0 && p->kind == PageKind::Allocated && p->order == 0) {
        PageCache& c = caches[arch::cpu_index()];
        SpinLockGuard g(c.lock);
        p->kind = PageKind::Cached;
        c.pages[c.count++] = p;
        if (c.count > CACHE_HIGH) spill(c, CACHE_HIGH - BATCH);
        return;
    }
    SpinLockGuard g(buddy_lock);
    buddy.free(p, order);  // panics on a double free or a wrong order
}
//! [pcache_free]

Page* page_of_phys(paddr_t pa) { return buddy.page_of_phys(pa); }
Page* page_of_address(const void* address) { return buddy.page_of_address(address); }
paddr_t page_phys(const Page* page) { return buddy.phys(page); }
void* page_address(const Page* page) { return buddy.address(page); }

PhysStats phys_stats() {
    PhysStats s;
    for (PageCache& c : caches) s.cached_pages += __atomic_load_n(&c.count, __ATOMIC_RELAXED);
    {
        SpinLockGuard g(buddy_lock);
        s.buddy = buddy.stats();
    }
    s.usable_pages = usable_pages_at_boot;
    s.reserved_pages = reserved_pages_at_boot;
    return s;
}

void drain_page_caches() {
    for (PageCache& c : caches) {
        SpinLockGuard g(c.lock);
        spill(c, 0);
    }
}

void log_phys_stats(const char* when) {
    PhysStats s = phys_stats();
    klog::info(
        "mm: {}: {} pages managed, {} free ({} MiB), {} in CPU caches; usable {} reserved {}", when,
        s.buddy.managed_pages, s.free_pages(), s.free_pages() * PAGE_SIZE / MiB, s.cached_pages,
        s.usable_pages, s.reserved_pages);
    char line[200];
    usize n = 0;
    for (unsigned o = 0; o <= MAX_ORDER; ++o)
        n += fmt::format_to(line + n, sizeof line - n, " {}:{}", o, s.buddy.free_blocks[o]);
    klog::info("mm: free blocks per order:{}", line);
}

}  // namespace mm
