// tests/unit/mm_slab_test.cc — slab caches and kmalloc/kfree against a model, and the debug heap.
//
// The heap runs over a buddy allocator on simulated memory (mm_sim.hh). The model keeps
// every live allocation with its size and a fill pattern: no two live objects may
// overlap, each keeps its contents until freed, every cache's in-use count equals the
// model's, and at the end all memory returns to the buddy allocator. A million random
// operations; then the debug heap's reports (use after free, double free, red zones,
// invalid frees) with a capturing handler, and threads hammering one heap at once.
// UNIT_SOURCES: kernel/mm/buddy.cc kernel/mm/slab.cc kernel/mm/heap.cc kernel/mm/heap_debug.cc kernel/lib/format.cc kernel/lib/errno.cc kernel/lib/symbols.cc
#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include <chrono>
#include <cstdio>
#include <map>
#include <thread>
#include <vector>

#include "mm/heap.hh"
#include "mm_sim.hh"
#include "support/unit.hh"

namespace {

constexpr u64 PAGES = 32768;  // 128 MiB

// One heap per process: heap_init_with installs it globally.
struct Heap {
    sim::SimBuddy sb{PAGES};
    sim::SimPageSource source{sb.buddy};
    Heap() { mm::heap_init_with(source); }
};
Heap& heap() {
    static Heap* h = new Heap;
    return *h;
}

usize random_size(std::mt19937_64& rng) {
    u64 r = rng() % 100;
    if (r < 60) return 1 + rng() % 128;
    if (r < 90) return 129 + rng() % (2048 - 128);
    return 2049 + rng() % 30000;
}

unsigned class_index(usize size) {
    unsigned c = 0;
    for (usize s = 16; s < size; s <<= 1) ++c;
    return c;
}

struct Live {
    usize size;
    u8 fill;
};

std::vector<mm::HeapReport> reports;
void capture(const mm::HeapReport& r) { reports.push_back(r); }

}  // namespace

Test(mm_slab, million_random_kmalloc_kfree_against_a_model) {
    Heap& h = heap();
    mm::heap_set_debug(false);
    u64 free_at_start = h.sb.buddy.stats().free_pages;
    std::map<uptr, Live> live;
    u64 per_class[8] = {};
    auto& rng = unit::rng();
    for (u64 op = 0; op < 1000000; ++op) {
        if (live.empty() || rng() % 100 < 50) {
            usize size = random_size(rng);
            auto r = mm::kmalloc(size);
            cr_assert(r.has_value(), "op %lu: kmalloc(%zu) failed", op, size);
            uptr p = reinterpret_cast<uptr>(r.value());
            cr_assert(eq(u64, p % 16, 0));
            cr_assert(ge(u64, mm::kmalloc_usable_size(r.value()), size));
            auto next = live.lower_bound(p);
            if (next != live.end())
                cr_assert(p + size <= next->first, "op %lu: overlaps the next object", op);
            if (next != live.begin()) {
                auto prev = std::prev(next);
                cr_assert(prev->first + prev->second.size <= p,
                          "op %lu: overlaps the previous object", op);
            }
            u8 fill = static_cast<u8>(rng());
            std::memset(r.value(), fill, size);
            live[p] = {size, fill};
            if (size <= mm::SLAB_MAX_SIZE) ++per_class[class_index(size)];
        } else {
            auto it = live.begin();
            std::advance(it, static_cast<long>(rng() % live.size()));
            const u8* b = reinterpret_cast<const u8*>(it->first);
            cr_assert(b[0] == it->second.fill, "op %lu: object changed while live", op);
            cr_assert(b[it->second.size - 1] == it->second.fill,
                      "op %lu: object changed while live", op);
            cr_assert(b[it->second.size / 2] == it->second.fill,
                      "op %lu: object changed while live", op);
            if (it->second.size <= mm::SLAB_MAX_SIZE) --per_class[class_index(it->second.size)];
            mm::kfree(reinterpret_cast<void*>(it->first));
            live.erase(it);
        }
        if (op % 100000 == 0) {
            for (unsigned c = 0; c < 8; ++c)
                cr_assert(eq(u64, mm::heap_cache_stats(c).objects_in_use, per_class[c]),
                          "op %lu, cache %u", op, c);
            h.sb.buddy.verify();
        }
    }
    for (auto& [p, l] : live) mm::kfree(reinterpret_cast<void*>(p));
    for (unsigned c = 0; c < 8; ++c) {
        mm::SlabCacheStats st = mm::heap_cache_stats(c);
        cr_assert(eq(u64, st.objects_in_use, 0));
        cr_assert(le(u64, st.slabs, 1), "cache %s keeps %lu empty slabs", st.name, st.slabs);
    }
    cr_assert(eq(u64, mm::heap_large_stats().live, 0));
    // At most one empty slab per cache stays; everything else is back in the buddy.
    u64 kept = 0;
    for (unsigned c = 0; c < 8; ++c)
        kept += mm::heap_cache_stats(c).slabs * mm::heap_cache_stats(c).slab_pages;
    cr_assert(eq(u64, h.sb.buddy.stats().free_pages + kept, free_at_start));
    h.sb.buddy.verify();
}

Test(mm_slab, debug_heap_reports_use_after_free_double_free_and_red_zones) {
    heap();
    reports.clear();
    auto previous = mm::set_heap_report_handler(capture);
    mm::heap_set_debug(true);

    auto* a = static_cast<u8*>(mm::kmalloc(40).value());
    cr_assert(eq(u64, mm::kmalloc_usable_size(a), 40));
    mm::kfree(a);
    a[17] = 1;  // use after free
    cr_assert(eq(u64, mm::heap_check(), 1));
    cr_assert(eq(u64, reports.size(), 1));
    cr_assert(reports[0].error == mm::HeapError::UseAfterFree);
    cr_assert(eq(i64, reports[0].offset, 17));
    cr_assert(reports[0].object == a);
    cr_assert(reports[0].alloc_site != nullptr && reports[0].free_site != nullptr);

    reports.clear();
    void* b = mm::kmalloc(100).value();
    mm::kfree(b);
    mm::kfree(b);  // double free
    cr_assert(eq(u64, reports.size(), 1));
    cr_assert(reports[0].error == mm::HeapError::DoubleFree);

    reports.clear();
    auto* c = static_cast<u8*>(mm::kmalloc(24).value());
    c[24] = 0;  // one past the end
    c[-1] = 0;  // one before the start
    mm::kfree(c);
    cr_assert(eq(u64, reports.size(), 2));
    cr_assert(reports[0].error == mm::HeapError::RedZone && reports[0].offset == -1);
    cr_assert(reports[1].error == mm::HeapError::RedZone && reports[1].offset == 24);

    reports.clear();
    auto* d = static_cast<u8*>(mm::kmalloc(64).value());
    d[64] = 7;  // a live object's red zone, found by heap_check
    cr_assert(eq(u64, mm::heap_check(), 1));
    mm::kfree(d + 16);  // not the start of an object
    cr_assert(eq(u64, reports.size(), 2));
    cr_assert(reports[1].error == mm::HeapError::InvalidFree);
    mm::kfree(d);

    reports.clear();
    int on_stack = 0;
    mm::kfree(&on_stack);  // not heap memory at all
    cr_assert(eq(u64, reports.size(), 1));
    cr_assert(reports[0].error == mm::HeapError::InvalidFree);

    char text[300];
    fmt::BufferSink sink(text, sizeof text);
    mm::HeapReport r{mm::HeapError::DoubleFree};
    r.object = b;
    r.size = 100;
    mm::format_heap_report(sink, r);
    cr_assert(std::strstr(text, "heap: double free of 0x") != nullptr, "%s", text);
    cr_assert(std::strstr(text, "(100 bytes)") != nullptr, "%s", text);

    mm::heap_flush_quarantine();
    mm::heap_set_debug(false);
    mm::set_heap_report_handler(previous);
    for (usize i = 8; i < 16; ++i) cr_assert(eq(u64, mm::heap_cache_stats(i).objects_in_use, 0));
}

Test(mm_slab, default_handler_panics_with_the_report) {
    auto r = unit::capture_panic([] {
        heap();
        mm::heap_set_debug(true);
        void* p = mm::kmalloc(48).value();
        mm::kfree(p);
        mm::kfree(p);
    });
    cr_assert(r.panicked);
    cr_assert(r.message_contains("heap: double free of"), "%s", r.message().c_str());
    cr_assert(r.message_contains("(48 bytes)"), "%s", r.message().c_str());
}

Test(mm_slab, non_debug_immediate_double_free_is_caught) {
    heap();
    mm::heap_set_debug(false);
    reports.clear();
    auto previous = mm::set_heap_report_handler(capture);
    void* p = mm::kmalloc(32).value();
    mm::kfree(p);
    mm::kfree(p);
    mm::set_heap_report_handler(previous);
    cr_assert(eq(u64, reports.size(), 1));
    cr_assert(reports[0].error == mm::HeapError::DoubleFree);
}

Test(mm_slab, threads_and_throughput) {
    heap();
    mm::heap_set_debug(false);
    constexpr int N = 1000000;
    std::vector<void*> batch(256);
    auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < N / 256; ++i) {
        for (auto& p : batch) p = mm::kmalloc(64).value();
        for (auto* p : batch) mm::kfree(p);
    }
    double one = N / std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

    constexpr int THREADS = 4;
    std::atomic<int> errors{0};
    t0 = std::chrono::steady_clock::now();
    std::vector<std::thread> threads;
    for (int t = 0; t < THREADS; ++t)
        threads.emplace_back([t, &errors] {
            std::vector<u64*> mine(256);
            for (int i = 0; i < N / 256; ++i) {
                for (size_t k = 0; k < mine.size(); ++k) {
                    mine[k] = static_cast<u64*>(mm::kmalloc(64).value());
                    mine[k][0] = (u64(t) << 32) | k;
                }
                for (size_t k = 0; k < mine.size(); ++k) {
                    if (mine[k][0] != ((u64(t) << 32) | k)) errors.fetch_add(1);
                    mm::kfree(mine[k]);
                }
            }
        });
    for (auto& th : threads) th.join();
    double all = double(THREADS) * N /
                 std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    cr_assert(eq(int, errors.load(), 0));
    cr_assert(eq(u64, mm::heap_cache_stats(2).objects_in_use, 0));
    std::fprintf(
        stderr,
        "mm_slab throughput: %.0f 64-byte kmalloc+kfree/s on one thread, %.0f/s on %d threads\n",
        one, all, THREADS);
}
