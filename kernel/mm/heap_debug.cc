// kernel/mm/heap_debug.cc — the debug heap: headers, red zones, poison and a quarantine.
//
//   | header (32) | lead red zone (16) | object (size) | tail red zone (to the slot end) |
//                                      ^ what kmalloc returns
//
// The header records the size and the allocation site (the caller's return address,
// named through the kernel's symbol table in reports). Red zones hold a pattern that
// is checked on free and by heap_check(). A freed object is filled with poison and
// parked in a FIFO quarantine, so it is not reused at once; when it leaves the
// quarantine (or heap_check() runs, or it is allocated again) the poison must be
// intact, or something wrote to it after the free. One lock covers the debug paths:
// the debug heap trades speed for checks.
#include <atomic>

#include "lib/spinlock.hh"
#include "lib/string.hh"
#include "mm/heap_internal.hh"

namespace mm::heap_detail {
namespace {

constexpr u32 MAGIC_LIVE = 0x4556494c;   // "LIVE"
constexpr u32 MAGIC_FREED = 0x45455246;  // "FREE"
constexpr u8 LEAD_PATTERN = 0xaa;
constexpr u8 TAIL_PATTERN = 0xbb;
constexpr u8 ALLOC_POISON = 0xcd;  // fresh objects: reading them before writing shows
constexpr u8 FREE_POISON = 0x6b;   // freed objects
constexpr usize QUARANTINE = 256;

struct Quarantined {
    SlabCache* cache;
    u8* object;
};

SpinLock debug_lock("heap-debug");
Quarantined quarantine[QUARANTINE];
usize q_head = 0, q_count = 0;

DebugHeader* header_of(u8* object) {
    return reinterpret_cast<DebugHeader*>(object - DEBUG_OBJECT_OFFSET);
}
usize room(const SlabCache& c) { return c.slot_size() - DEBUG_OVERHEAD; }  // the class size

// The first byte of [p, p + n) that is not @p value, or n.
usize first_mismatch(const u8* p, usize n, u8 value) {
    for (usize i = 0; i < n; ++i)
        if (p[i] != value) return i;
    return n;
}

HeapReport make_report(HeapError e, u8* object, const DebugHeader* h) {
    HeapReport r{e};
    r.object = object;
    r.size = h->size;
    r.alloc_site = h->alloc_site;
    if (h->magic == MAGIC_FREED) r.free_site = h->free_site;
    return r;
}

// Checks both red zones of a live or freed object; reports and repairs the first bad
// byte of each. Returns true when both were intact.
bool check_redzones(const SlabCache& c, u8* object, const void* site) {
    DebugHeader* h = header_of(object);
    bool ok = true;
    u8* lead = object - LEAD_REDZONE;
    usize bad = first_mismatch(lead, LEAD_REDZONE, LEAD_PATTERN);
    if (bad < LEAD_REDZONE) {
        HeapReport r = make_report(HeapError::RedZone, object, h);
        r.site = site;
        r.offset = isize(bad) - isize(LEAD_REDZONE);
        r.found = lead[bad];
        r.expected = LEAD_PATTERN;
        report(r);
        memset(lead, LEAD_PATTERN, LEAD_REDZONE);
        ok = false;
    }
    usize tail_len = room(c) + TAIL_REDZONE - h->size;
    bad = first_mismatch(object + h->size, tail_len, TAIL_PATTERN);
    if (bad < tail_len) {
        HeapReport r = make_report(HeapError::RedZone, object, h);
        r.site = site;
        r.offset = isize(h->size + bad);
        r.found = object[h->size + bad];
        r.expected = TAIL_PATTERN;
        report(r);
        memset(object + h->size, TAIL_PATTERN, tail_len);
        ok = false;
    }
    return ok;
}

//! [check_poison]
// A freed object's poison must be intact; reports (and re-poisons) a write after free.
void check_poison(u8* object) {
    DebugHeader* h = header_of(object);
    usize bad = first_mismatch(object, h->size, FREE_POISON);
    if (bad < h->size) {
        HeapReport r = make_report(HeapError::UseAfterFree, object, h);
        r.offset = isize(bad);
        r.found = object[bad];
        r.expected = FREE_POISON;
        report(r);
        memset(object, FREE_POISON, h->size);
    }
}

// Lets the oldest quarantined object go back to its slab.
void evict_oldest() {
    Quarantined q = quarantine[q_head];
    q_head = (q_head + 1) % QUARANTINE;
    --q_count;
    if (!q.cache) return;
    check_poison(q.object);
    check_redzones(*q.cache, q.object, nullptr);
    q.cache->free(q.object - DEBUG_OBJECT_OFFSET);
}
//! [check_poison]

}  // namespace

//! [debug_alloc]
Result<void*> debug_alloc(SlabCache& c, usize size, const void* site) {
    SpinLockGuard g(debug_lock);
    u8* slot = static_cast<u8*>(TRY(c.alloc()));
    u8* object = slot + DEBUG_OBJECT_OFFSET;
    DebugHeader* h = header_of(object);
    // A slot that was freed earlier must still hold its poison (written after it left
    // the quarantine otherwise). New slabs are zeroed, so their slots have no magic.
    if (h->magic == MAGIC_FREED && h->size <= room(c)) check_poison(object);
    h->magic = MAGIC_LIVE;
    h->size = static_cast<u32>(size);
    h->alloc_site = site;
    h->free_site = nullptr;
    memset(object - LEAD_REDZONE, LEAD_PATTERN, LEAD_REDZONE);
    memset(object, ALLOC_POISON, size);
    memset(object + size, TAIL_PATTERN, room(c) + TAIL_REDZONE - size);
    return static_cast<void*>(object);
}
//! [debug_alloc]

void debug_free(SlabCache& c, void* ptr, const void* site) {
    SpinLockGuard g(debug_lock);
    u8* object = static_cast<u8*>(ptr);
    u8* slot = static_cast<u8*>(c.slot_of(ptr));
    HeapReport bad{HeapError::InvalidFree};
    bad.object = ptr;
    bad.site = site;
    if (!slot || slot + DEBUG_OBJECT_OFFSET != object) {  // inside an object, or past the last slot
        report(bad);
        return;
    }
    // LAB_BEGIN(02-paging, 5): debug free: report a double free (header says FREED) or a bad header, check the red zones, poison the object, record the free site and quarantine it
    //! [debug_free]
    DebugHeader* h = header_of(object);
    if (h->magic == MAGIC_FREED) {
        HeapReport r = make_report(HeapError::DoubleFree, object, h);
        r.site = site;
        report(r);
        return;
    }
    if (h->magic != MAGIC_LIVE || h->size > room(c)) {
        HeapReport r = bad;
        r.error = HeapError::HeaderCorrupted;
        r.offset = -isize(DEBUG_OBJECT_OFFSET) + isize(__builtin_offsetof(DebugHeader, magic));
        r.found = static_cast<u8>(h->magic);
        r.expected = static_cast<u8>(MAGIC_LIVE);
        report(r);
        return;
    }
    check_redzones(c, object, site);
    h->magic = MAGIC_FREED;
    h->free_site = site;
    memset(object, FREE_POISON, h->size);
    if (q_count == QUARANTINE) evict_oldest();
    quarantine[(q_head + q_count) % QUARANTINE] = {&c, object};
    ++q_count;
    //! [debug_free]
    // LAB_FALLBACK
    // (void)check_redzones;
    // (void)evict_oldest;
    // c.free(slot);
    // LAB_END
}

usize debug_size(const void* ptr) {
    return header_of(static_cast<u8*>(const_cast<void*>(ptr)))->size;
}

}  // namespace mm::heap_detail

namespace mm {

usize heap_check() {
    using namespace heap_detail;
    usize before = report_count();
    SpinLockGuard g(debug_lock);
    for (usize i = 0; i < q_count; ++i) {
        Quarantined& q = quarantine[(q_head + i) % QUARANTINE];
        check_poison(q.object);
        check_redzones(*q.cache, q.object, nullptr);
    }
    for (usize i = 0; i < debug_cache_count(); ++i) {
        SlabCache& c = debug_cache(i);
        c.for_each_slot([&](void* slot) {
            u8* object = static_cast<u8*>(slot) + DEBUG_OBJECT_OFFSET;
            DebugHeader* h = header_of(object);
            if (h->magic == MAGIC_LIVE && h->size <= room(c) && h->alloc_site)
                check_redzones(c, object, nullptr);
        });
    }
    return report_count() - before;
}

void heap_flush_quarantine() {
    using namespace heap_detail;
    SpinLockGuard g(debug_lock);
    while (q_count) evict_oldest();
}

}  // namespace mm
