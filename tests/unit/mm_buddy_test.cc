// tests/unit/mm_buddy_test.cc — the buddy allocator against a model, over simulated memory.
//
// The model is the set of allocated blocks and a bitmap of the frames they cover: every
// block the allocator returns must be aligned to its order, inside usable memory, and
// overlap nothing allocated; the free count must equal usable minus allocated; freeing
// everything must give back the boot's blocks of every order. A million random
// operations, with verify() (every internal invariant) along the way. Also
// PhysRanges, the boot-time range set, against a bitmap model.
// UNIT_SOURCES: kernel/mm/buddy.cc kernel/mm/phys_ranges.cc kernel/lib/format.cc kernel/lib/errno.cc
#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include <chrono>
#include <cstdio>
#include <map>
#include <vector>

#include "mm/phys_ranges.hh"
#include "mm_sim.hh"
#include "support/unit.hh"

namespace {

constexpr u64 PAGES = 16384;  // 64 MiB of simulated memory

unsigned random_order(std::mt19937_64& rng) {
    u64 r = rng() % 100;
    if (r < 60) return 0;
    if (r < 80) return 1 + rng() % 2;
    if (r < 97) return 3 + rng() % 4;
    return 7 + rng() % 4;
}

}  // namespace

Test(mm_buddy, million_random_operations_against_a_model) {
    sim::SimBuddy s(PAGES);
    mm::BuddyAllocator& b = s.buddy;
    const u64 first = s.mem.first_pfn();
    b.verify();
    mm::BuddyStats boot = b.stats();
    cr_assert(eq(u64, boot.managed_pages, boot.free_pages));
    cr_assert(gt(u64, boot.free_blocks[mm::MAX_ORDER], 0));

    std::map<u64, unsigned> allocated;  // pfn -> order
    std::vector<bool> owned(PAGES);
    u64 allocated_pages = 0;
    auto& rng = unit::rng();
    for (u64 op = 0; op < 1000000; ++op) {
        bool do_alloc = allocated.empty() || rng() % 100 < 52;
        if (do_alloc) {
            unsigned order = random_order(rng);
            auto r = b.alloc(order);
            if (r.is_error()) {
                cr_assert(eq(int, r.error(), ENOMEM), "op %lu: alloc error %d", op, r.error());
                // Only when no free block of this order or above exists.
                mm::BuddyStats st = b.stats();
                for (unsigned o = order; o <= mm::MAX_ORDER; ++o)
                    cr_assert(eq(u64, st.free_blocks[o], 0));
                continue;
            }
            u64 pfn = b.pfn(r.value());
            cr_assert(eq(u64, pfn % (1ull << order), 0),
                      "op %lu: frame %#lx misaligned for order %u", op, pfn, order);
            cr_assert(ge(u64, pfn, first + 3));
            for (u64 i = 0; i < (1ull << order); ++i) {
                u64 idx = pfn - first + i;
                cr_assert(lt(u64, idx, PAGES - 5));
                cr_assert(not(owned[idx]), "op %lu: frame %#lx handed out twice", op, pfn + i);
                owned[idx] = true;
            }
            // The memory itself is usable: one word per page.
            for (u64 i = 0; i < (1ull << order); ++i)
                static_cast<u64*>(b.address(r.value()))[i * mm::PAGE_SIZE / 8] = pfn + i;
            allocated[pfn] = order;
            allocated_pages += 1ull << order;
        } else {
            auto it = allocated.begin();
            std::advance(it, static_cast<long>(rng() % allocated.size()));
            for (u64 i = 0; i < (1ull << it->second); ++i) owned[it->first - first + i] = false;
            b.free(b.page_of_pfn(it->first), it->second);
            allocated_pages -= 1ull << it->second;
            allocated.erase(it);
        }
        cr_assert(eq(u64, b.stats().free_pages, boot.managed_pages - allocated_pages), "op %lu",
                  op);
        if (op % 50000 == 0) b.verify();
    }
    for (auto& [pfn, order] : allocated) b.free(b.page_of_pfn(pfn), order);
    b.verify();
    mm::BuddyStats end = b.stats();
    for (unsigned o = 0; o <= mm::MAX_ORDER; ++o)
        cr_assert(eq(u64, end.free_blocks[o], boot.free_blocks[o]),
                  "order %u: %lu free blocks, %lu at boot", o, end.free_blocks[o],
                  boot.free_blocks[o]);
    auto big = b.alloc(mm::MAX_ORDER);
    cr_assert(big.has_value());
}

Test(mm_buddy, exhaustion_is_enomem_and_everything_merges_back) {
    sim::SimBuddy s(4096);
    mm::BuddyAllocator& b = s.buddy;
    mm::BuddyStats boot = b.stats();
    std::vector<mm::Page*> pages;
    for (;;) {
        auto r = b.alloc(0);
        if (r.is_error()) {
            cr_assert(eq(int, r.error(), ENOMEM));
            break;
        }
        pages.push_back(r.value());
    }
    cr_assert(eq(u64, pages.size(), boot.free_pages));
    cr_assert(eq(u64, b.stats().free_pages, 0));
    cr_assert(b.alloc(0).is_error());
    // Free in an order that forces merges from both sides.
    for (size_t i = 0; i < pages.size(); i += 2) b.free(pages[i], 0);
    for (size_t i = 1; i < pages.size(); i += 2) b.free(pages[i], 0);
    b.verify();
    for (unsigned o = 0; o <= mm::MAX_ORDER; ++o)
        cr_assert(eq(u64, b.stats().free_blocks[o], boot.free_blocks[o]));
}

Test(mm_buddy, alloc_below_respects_the_limit) {
    sim::SimBuddy s(4096);
    paddr_t limit = sim::BASE + 64 * mm::PAGE_SIZE;
    auto r = s.buddy.alloc_below(2, limit);
    cr_assert(r.has_value());
    cr_assert(le(u64, s.buddy.phys(r.value()) + 4 * mm::PAGE_SIZE, limit));
    cr_assert(
        s.buddy.alloc_below(0, sim::BASE + mm::PAGE_SIZE).is_error());  // frames 0..2 are reserved
    s.buddy.verify();
}

Test(mm_buddy, misuse_panics_with_the_frame) {
    auto df = unit::capture_panic([] {
        sim::SimBuddy s(2048);
        mm::Page* p = s.buddy.alloc(0).value();
        s.buddy.free(p, 0);
        s.buddy.free(p, 0);
    });
    cr_assert(df.panicked);
    cr_assert(df.message_contains("double free of frame"), "%s", df.message().c_str());
    auto wrong = unit::capture_panic([] {
        sim::SimBuddy s(2048);
        mm::Page* p = s.buddy.alloc(2).value();
        s.buddy.free(p, 1);
    });
    cr_assert(wrong.panicked);
    cr_assert(wrong.message_contains("with order 1"), "%s", wrong.message().c_str());
    cr_assert(sim::SimBuddy(2048).buddy.alloc(mm::MAX_ORDER + 1).is_error());
}

Test(mm_buddy, throughput) {
    sim::SimBuddy s(PAGES);
    constexpr int N = 2000000;
    std::vector<mm::Page*> batch(256);
    auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < N / 256; ++i) {
        for (auto& p : batch) p = s.buddy.alloc(0).value();
        for (auto* p : batch) s.buddy.free(p, 0);
    }
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::fprintf(stderr,
                 "mm_buddy throughput: %.0f 4 KiB pages/s (alloc+free, one thread, no lock)\n",
                 N / secs);
}

// --- PhysRanges ----------------------------------------------------------------------

Test(mm_phys_ranges, add_remove_take_against_a_bitmap) {
    constexpr u64 UNITS = 512;  // model: one bit per 4 KiB of a 2 MiB window
    std::vector<bool> model(UNITS);
    mm::PhysRanges r;
    auto& rng = unit::rng();
    for (int op = 0; op < 20000; ++op) {
        u64 a = rng() % UNITS, n = 1 + rng() % 40;
        u64 e = a + n > UNITS ? UNITS : a + n;
        switch (rng() % 3) {
        case 0:
            r.add(a * 4096, e * 4096).value();
            for (u64 i = a; i < e; ++i) model[i] = true;
            break;
        case 1:
            r.remove(a * 4096, e * 4096).value();
            for (u64 i = a; i < e; ++i) model[i] = false;
            break;
        default: {
            auto t = r.take(n * 4096, 4096, UNITS * 4096);
            // The highest fit: find it in the model.
            long best = -1;
            for (long i = long(UNITS) - long(n); i >= 0; --i) {
                bool all = true;
                for (u64 k = 0; k < n && all; ++k) all = model[u64(i) + k];
                if (all) {
                    best = i;
                    break;
                }
            }
            if (best < 0) {
                cr_assert(t.is_error());
            } else {
                cr_assert(t.has_value());
                u64 at = t.value() / 4096;
                for (u64 k = 0; k < n; ++k) {
                    cr_assert(model[at + k], "take returned a unit that was not free");
                    model[at + k] = false;
                }
            }
        }
        }
        // Compare: ranges sorted, disjoint, not touching, and equal to the model.
        std::vector<bool> got(UNITS);
        for (usize i = 0; i < r.count(); ++i) {
            cr_assert(r[i].start < r[i].end);
            if (i) cr_assert(r[i - 1].end < r[i].start, "ranges touch or overlap");
            for (u64 u = r[i].start / 4096; u < r[i].end / 4096; ++u) got[u] = true;
        }
        cr_assert(got == model, "op %d: ranges differ from the model", op);
    }
}
