// labs/02-paging/ktests/physmem.cc — lab 02's tests of the physical page allocator.
//
//   mm_alloc_all_free_all   allocates every free page one by one until ENOMEM, frees them
//                           all, and the buddy's per-order free counts equal the snapshot
//                           taken before (which only holds if freeing merges buddies);
//                           then a maximum-order block is allocated and freed.
//                           Values: free_kib (checked against -m), usable_kib, allocated.
//   mm_alloc_orders         blocks of every order are aligned to their size, distinct,
//                           writable through the direct map, and come back whole.
#include "arch/x86_64/smp.hh"
#include "lib/string.hh"
#include "mm/physmem.hh"
#include "test/ktest.hh"

namespace {

bool same_blocks(const mm::BuddyStats& a, const mm::BuddyStats& b, unsigned& order) {
    for (order = 0; order <= mm::MAX_ORDER; ++order)
        if (a.free_blocks[order] != b.free_blocks[order]) return false;
    return true;
}

}  // namespace

constexpr u64 PROGRESS_PAGES = 128 * MiB / mm::PAGE_SIZE;

KTEST("02-paging", mm_alloc_all_free_all) {
    mm::drain_page_caches();
    mm::PhysStats before = mm::phys_stats();
    t.value("usable_kib", before.usable_pages * mm::PAGE_SIZE / KiB);
    t.value("free_kib", before.free_pages() * mm::PAGE_SIZE / KiB);
    if (before.free_pages() == 0) {
        t.fail("the allocator has no free pages at all");
        return;
    }
    // Chain the allocated pages through their own first word (the direct map reaches
    // every one of them, above 4 GiB too).
    paddr_t head = 0;
    u64 count = 0;
    u64 step = 0, steps = 2 * (before.free_pages() / PROGRESS_PAGES);  // allocating, freeing
    int last_error = 0;
    for (;;) {
        auto r = mm::alloc_pages(0);
        if (r.is_error()) {
            last_error = r.error();
            break;
        }
        *mm::phys_to_virt<u64>(r.value()) = head;
        head = r.value() + 1;  // +1: tells a chained 0 apart from the end
        // Progress every 128 MiB, toward a known number of steps: under TCG on a loaded
        // host 1 GiB of first touches took more than the 15 s progress timeout, and all
        // of 5 GiB more than a fixed limit; "# progress N/M" tells the grader the test
        // advances (grading/README.md).
        if (++count % PROGRESS_PAGES == 0)
            t.note("progress {}/{}: {} MiB allocated", ++step, steps, count * mm::PAGE_SIZE / MiB);
    }
    mm::PhysStats empty = mm::phys_stats();
    t.value("allocated", count);
    if (last_error != ENOMEM)
        t.fail("allocation stopped with {} instead of ENOMEM", errno_name(last_error));
    if (count != before.free_pages())
        t.fail("allocated {} pages, but {} were free", count, before.free_pages());
    if (empty.free_pages() != 0)
        t.fail("{} pages still counted free after allocating everything", empty.free_pages());
    for (u64 freed = 0; head;) {
        paddr_t pa = head - 1;
        head = *mm::phys_to_virt<u64>(pa);
        mm::free_pages(pa, 0);
        if (++freed % PROGRESS_PAGES == 0)
            t.note("progress {}/{}: {} MiB freed", ++step, steps, freed * mm::PAGE_SIZE / MiB);
    }
    mm::drain_page_caches();
    mm::PhysStats after = mm::phys_stats();
    unsigned order = 0;
    if (after.buddy.free_pages != before.buddy.free_pages)
        t.fail("{} pages free after freeing all, {} before", after.buddy.free_pages,
               before.buddy.free_pages);
    else if (!same_blocks(before.buddy, after.buddy, order))
        t.fail("order {}: {} free blocks after, {} before (blocks did not merge back)", order,
               after.buddy.free_blocks[order], before.buddy.free_blocks[order]);
    auto big = mm::alloc_pages(mm::MAX_ORDER);
    t.value("max_order_block", big.is_error() ? 0 : 1);
    if (big.is_error()) {
        t.fail("no block of order {} after freeing everything ({})", mm::MAX_ORDER,
               errno_name(big.error()));
        return;
    }
    if (big.value() % (mm::PAGE_SIZE << mm::MAX_ORDER))
        t.fail("order-{} block at {:#x} is misaligned", mm::MAX_ORDER, big.value());
    mm::free_pages(big.value(), mm::MAX_ORDER);
}

KTEST("02-paging", mm_alloc_orders) {
    paddr_t blocks[mm::MAX_ORDER + 1];
    for (unsigned o = 0; o <= mm::MAX_ORDER; ++o) {
        auto r = mm::alloc_pages(o);
        if (r.is_error()) {
            t.fail("order {}: {}", o, errno_name(r.error()));
            for (unsigned k = 0; k < o; ++k) mm::free_pages(blocks[k], k);
            return;
        }
        blocks[o] = r.value();
        u64 bytes = mm::PAGE_SIZE << o;
        if (blocks[o] % bytes)
            t.fail("order {} block {:#x} is not aligned to {:#x}", o, blocks[o], bytes);
        memset(mm::phys_to_virt(blocks[o]), int(o), bytes);
    }
    for (unsigned o = 0; o <= mm::MAX_ORDER; ++o) {
        const u8* p = mm::phys_to_virt<u8>(blocks[o]);
        for (u64 i = 0; i < (mm::PAGE_SIZE << o); i += 512)
            if (p[i] != o) {
                t.fail("order {} block {:#x} overlaps another one (byte {} is {})", o, blocks[o], i,
                       p[i]);
                break;
            }
    }
    u64 mem_before = mm::phys_stats().free_pages();
    for (unsigned o = 0; o <= mm::MAX_ORDER; ++o) mm::free_pages(blocks[o], o);
    u64 freed = mm::phys_stats().free_pages() - mem_before;
    t.value("freed_pages", freed);
    if (freed != (2ull << mm::MAX_ORDER) - 1)
        t.fail("freed {} pages, expected {}", freed, (2ull << mm::MAX_ORDER) - 1);
}
