// kernel/mm/heap.hh — the kernel heap: kmalloc/kfree over slab caches and whole pages.
//
//   Foo* foo = static_cast<Foo*>(TRY(mm::kmalloc(sizeof(Foo))));   // ENOMEM, never null
//   mm::kfree(foo);
//   Bar* bar = TRY(mm::make<Bar>(1, 2));                            // constructs; destroy(bar)
//
// Sizes up to 2 KiB come from slab caches of 16, 32, ... 2048 bytes (16-byte aligned);
// larger ones are whole page blocks (page aligned). With the debug heap on (command
// line `heap_debug`, or heap_set_debug(true) at run time for the allocations that
// follow) every object gets a header naming its allocation site, red zones on both
// sides, and poison; freed objects wait in a quarantine before reuse. Double frees,
// frees of pointers the heap never returned, writes past an object and writes to freed
// objects are then reported (HeapReport) naming the sites, and the default handler
// panics with the report.
#pragma once

#include <new>
#include <utility>

#include "lib/result.hh"
#include "mm/slab.hh"

namespace mm {

/// Largest size served by a slab cache; above it allocations are page blocks.
constexpr usize SLAB_MAX_SIZE = 2048;

/// @p size bytes, 16-byte aligned; ENOMEM when memory is exhausted, EINVAL for absurd sizes.
[[gnu::noinline]] Result<void*> kmalloc(usize size);
/// The same, zeroed.
[[gnu::noinline]] Result<void*> kzalloc(usize size);
/// Frees what kmalloc returned; kfree(nullptr) does nothing.
[[gnu::noinline]] void kfree(void* ptr);
/// The forms that take the site to report (wrappers pass their caller's).
Result<void*> kmalloc_at(usize size, const void* site);
void kfree_at(void* ptr, const void* site);
/// The size kmalloc was asked for (debug heap) or the slot size (otherwise).
usize kmalloc_usable_size(const void* ptr);

/// Allocates and constructs a T.
template <typename T, typename... Args>
[[gnu::noinline]] Result<T*> make(Args&&... args) {
    void* p = TRY(kmalloc_at(sizeof(T), __builtin_return_address(0)));
    return new (p) T(std::forward<Args>(args)...);
}
/// Destroys and frees what make() returned.
template <typename T>
[[gnu::noinline]] void destroy(T* p) {
    if (!p) return;
    p->~T();
    kfree_at(p, __builtin_return_address(0));
}

/// Sets the heap up over @p source (the kernel's page allocator by default).
void heap_init();
void heap_init_with(PageSource& source);

/// Debug heap on or off for the allocations that follow (objects remember which kind
/// they are, so both kinds can be freed at any time).
void heap_set_debug(bool on);
bool heap_debug();

/// Slab caches: the normal ones, then their debug twins.
usize heap_cache_count();
SlabCacheStats heap_cache_stats(usize index);
struct HeapLargeStats {
    u64 live = 0, pages = 0, allocs = 0, frees = 0;
};
HeapLargeStats heap_large_stats();

// --- the debug heap's reports ----------------------------------------------------

enum class HeapError : u8 { UseAfterFree, DoubleFree, RedZone, InvalidFree, HeaderCorrupted };
const char* heap_error_name(HeapError e);

struct HeapReport {
    HeapError error;
    const void* object = nullptr;      ///< the object's start (what kmalloc returned)
    usize size = 0;                    ///< the size it was allocated with
    const void* alloc_site = nullptr;  ///< who allocated it
    const void* free_site = nullptr;   ///< who freed it (use after free, double free)
    const void* site = nullptr;        ///< who did what is reported (the second free...)
    isize offset = 0;                  ///< first bad byte, relative to the object's start
    u8 found = 0, expected = 0;        ///< its value and what it should be
};

/// Writes a report in words: the error, object, size and each site as function+offset.
void format_heap_report(fmt::Sink& sink, const HeapReport& report);
using HeapReportHandler = void (*)(const HeapReport&);
/// Installs @p handler (null: the default, which panics); returns the previous one.
/// With a handler that returns, the heap recovers: a bad free is ignored, a red zone
/// or freed object is repaired.
HeapReportHandler set_heap_report_handler(HeapReportHandler handler);
/// Checks every quarantined object's poison and every live debug object's red zones
/// now (instead of when they are next freed or reused); returns the reports made.
usize heap_check();
/// Empties the quarantine (its objects are checked, then reused).
void heap_flush_quarantine();

}  // namespace mm
