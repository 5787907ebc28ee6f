// kernel/mm/heap.cc — kmalloc and kfree: size classes over slab caches, pages above them.
//
// kfree needs no size: the page descriptor of the address says whether it is a slab
// (and of which cache) or a page block (and of which order). Frees that match
// neither, a free page for instance, are reported as a double or invalid free.
#include "mm/heap.hh"

#include <atomic>

#include "lib/string.hh"
#include "lib/symbols.hh"
#include "mm/buddy.hh"
#include "mm/heap_internal.hh"

namespace mm {
namespace {

constexpr u32 CLASS_SIZES[] = {16, 32, 64, 128, 256, 512, 1024, 2048};
constexpr usize CLASSES = sizeof CLASS_SIZES / sizeof CLASS_SIZES[0];
static_assert(CLASS_SIZES[CLASSES - 1] == SLAB_MAX_SIZE);
const char* const NAMES[CLASSES] = {"kmalloc-16",  "kmalloc-32",  "kmalloc-64",   "kmalloc-128",
                                    "kmalloc-256", "kmalloc-512", "kmalloc-1024", "kmalloc-2048"};
const char* const DEBUG_NAMES[CLASSES] = {
    "kmalloc-16-debug",  "kmalloc-32-debug",  "kmalloc-64-debug",   "kmalloc-128-debug",
    "kmalloc-256-debug", "kmalloc-512-debug", "kmalloc-1024-debug", "kmalloc-2048-debug"};

SlabCache caches[2 * CLASSES];  // [0, CLASSES) normal, [CLASSES, 2 * CLASSES) debug
PageSource* source = nullptr;
std::atomic<bool> debug_on{false};
std::atomic<u64> large_live{0}, large_pages{0}, large_allocs{0}, large_frees{0};
std::atomic<HeapReportHandler> handler{nullptr};
std::atomic<usize> reports{0};

unsigned class_of(usize size) {
    unsigned c = 0;
    while (CLASS_SIZES[c] < size) ++c;
    return c;
}

bool is_debug_cache(u16 index) { return index >= CLASSES; }

void default_handler(const HeapReport& r) {
    char text[400];
    fmt::BufferSink sink(text, sizeof text);
    format_heap_report(sink, r);
    panic("{}", text);
}

}  // namespace

void heap_detail::report(const HeapReport& r) {
    reports.fetch_add(1);
    HeapReportHandler h = handler.load();
    (h ? h : default_handler)(r);
}

usize heap_detail::report_count() { return reports.load(); }
usize heap_detail::debug_cache_count() { return source ? CLASSES : 0; }
SlabCache& heap_detail::debug_cache(usize i) { return caches[CLASSES + i]; }

void heap_init_with(PageSource& src) {
    source = &src;
    for (usize c = 0; c < CLASSES; ++c) {
        caches[c].init(NAMES[c], CLASS_SIZES[c], static_cast<u16>(c), src);
        caches[CLASSES + c].init(DEBUG_NAMES[c], CLASS_SIZES[c] + u32(heap_detail::DEBUG_OVERHEAD),
                                 static_cast<u16>(CLASSES + c), src, true);
    }
}

void heap_set_debug(bool on) { debug_on.store(on); }
bool heap_debug() { return debug_on.load(); }

//! [kmalloc_at]
Result<void*> kmalloc_at(usize size, const void* site) {
    if (!source) return Error(ENOMEM);
    if (size == 0) size = 1;
    if (size <= SLAB_MAX_SIZE) {
        unsigned c = class_of(size);
        if (debug_on.load(std::memory_order_relaxed))
            return heap_detail::debug_alloc(caches[CLASSES + c], size, site);
        return caches[c].alloc();
    }
    if (size > (PAGE_SIZE << MAX_ORDER)) return Error(ENOMEM);
    u64 pages = align_up(size, PAGE_SIZE) / PAGE_SIZE;
    unsigned order = 0;
    while ((1ull << order) < pages) ++order;
    Page* p = TRY(source->alloc(order));
    p->kind = PageKind::Large;
    large_live.fetch_add(1);
    large_pages.fetch_add(1ull << order);
    large_allocs.fetch_add(1);
    return source->address(p);
}
//! [kmalloc_at]

void kfree_at(void* ptr, const void* site) {
    if (!ptr) return;
    //! [kfree_kind]
    Page* page = source ? source->page_of(ptr) : nullptr;
    if (page && page->kind == PageKind::SlabTail) page -= page->head_offset;
    HeapReport r{HeapError::InvalidFree};
    r.object = ptr;
    r.site = site;
    if (!page) {
        heap_detail::report(r);
        return;
    }
    switch (page->kind) {
    case PageKind::Slab: {
        SlabCache& cache = caches[page->cache];
        if (is_debug_cache(page->cache)) {
            heap_detail::debug_free(cache, ptr, site);
            return;
        }
        //! [kfree_kind]
        if (cache.slot_of(ptr) != ptr) {
            heap_detail::report(r);
            return;
        }
        if (!cache.free(ptr)) {
            r.error = HeapError::DoubleFree;
            heap_detail::report(r);
        }
        return;
    }
    case PageKind::Large:
        if (source->address(page) != ptr) {
            heap_detail::report(r);
            return;
        }
        large_live.fetch_sub(1);
        large_pages.fetch_sub(1ull << page->order);
        large_frees.fetch_add(1);
        page->kind = PageKind::Allocated;
        source->free(page, page->order);
        return;
    case PageKind::Free:
    case PageKind::FreeTail:
    case PageKind::Cached:
        r.error = HeapError::DoubleFree;  // the memory went back to the page allocator
        heap_detail::report(r);
        return;
    default:
        heap_detail::report(r);
        return;
    }
}

Result<void*> kmalloc(usize size) { return kmalloc_at(size, __builtin_return_address(0)); }

Result<void*> kzalloc(usize size) {
    void* p = TRY(kmalloc_at(size, __builtin_return_address(0)));
    memset(p, 0, size);
    return p;
}

void kfree(void* ptr) { kfree_at(ptr, __builtin_return_address(0)); }

usize kmalloc_usable_size(const void* ptr) {
    Page* page = source->page_of(ptr);
    if (page && page->kind == PageKind::SlabTail) page -= page->head_offset;
    if (!page) return 0;
    if (page->kind == PageKind::Large) return PAGE_SIZE << page->order;
    if (page->kind != PageKind::Slab) return 0;
    if (is_debug_cache(page->cache)) return heap_detail::debug_size(ptr);
    return caches[page->cache].slot_size();
}

usize heap_cache_count() { return source ? 2 * CLASSES : 0; }
SlabCacheStats heap_cache_stats(usize index) { return caches[index].stats(); }

HeapLargeStats heap_large_stats() {
    return {large_live.load(), large_pages.load(), large_allocs.load(), large_frees.load()};
}

const char* heap_error_name(HeapError e) {
    switch (e) {
    case HeapError::UseAfterFree:
        return "use after free";
    case HeapError::DoubleFree:
        return "double free";
    case HeapError::RedZone:
        return "red zone overwritten";
    case HeapError::InvalidFree:
        return "invalid free";
    case HeapError::HeaderCorrupted:
        return "header corrupted";
    }
    return "?";
}

//! [heap_report_format]
void format_heap_report(fmt::Sink& out, const HeapReport& r) {
    auto loc = [](const void* p) { return symbols::Location{reinterpret_cast<u64>(p)}; };
    fmt::format(out, "heap: {} of {:p}", heap_error_name(r.error), r.object);
    if (r.size) fmt::format(out, " ({} bytes)", r.size);
    if (r.error == HeapError::RedZone || r.error == HeapError::UseAfterFree ||
        r.error == HeapError::HeaderCorrupted)
        fmt::format(out, ": byte {} is {:#x}, expected {:#x}", r.offset, r.found, r.expected);
    if (r.error == HeapError::InvalidFree) fmt::format(out, ": not an object the heap handed out");
    if (r.alloc_site) fmt::format(out, "; allocated at {}", loc(r.alloc_site));
    if (r.free_site) fmt::format(out, "; freed at {}", loc(r.free_site));
    if (r.site) {
        const char* what = r.error == HeapError::DoubleFree ? "freed again" : "detected";
        if (r.error == HeapError::InvalidFree) what = "freed";
        fmt::format(out, "; {} at {}", what, loc(r.site));
    }
}
//! [heap_report_format]

HeapReportHandler set_heap_report_handler(HeapReportHandler h) { return handler.exchange(h); }

}  // namespace mm
