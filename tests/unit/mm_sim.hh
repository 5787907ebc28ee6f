// tests/unit/mm_sim.hh — a simulated physical memory for the memory-manager host tests.
//
// SimMemory is an aligned host buffer that plays physical memory starting at BASE
// (4 GiB, so frame numbers are aligned for any buddy order); a BuddyAllocator built
// over it with virt_base = buffer - BASE hands out real, writable host memory.
#pragma once

#include <cstdlib>
#include <cstring>
#include <vector>

#include "mm/buddy.hh"
#include "mm/slab.hh"

namespace sim {

constexpr paddr_t BASE = 0x100000000ull;

struct SimMemory {
    explicit SimMemory(u64 pages) : pages_(pages) {
        bytes_ = static_cast<u8*>(std::aligned_alloc(mm::PAGE_SIZE, pages * mm::PAGE_SIZE));
        std::memset(bytes_, 0xee, pages * mm::PAGE_SIZE);
    }
    ~SimMemory() { std::free(bytes_); }
    SimMemory(const SimMemory&) = delete;
    SimMemory& operator=(const SimMemory&) = delete;

    uptr virt_base() const { return reinterpret_cast<uptr>(bytes_) - BASE; }
    u64 first_pfn() const { return mm::pfn_of(BASE); }
    u64 pages() const { return pages_; }
    u8* bytes() { return bytes_; }

private:
    u64 pages_;
    u8* bytes_;
};

/// Memory with a buddy allocator over it: two spans with a hole between them and
/// ragged (unaligned) ends, the way real memory maps look.
struct SimBuddy {
    explicit SimBuddy(u64 pages) : mem(pages), buddy(mem.virt_base()), descriptors(pages) {
        u64 f = mem.first_pfn();
        u64 split = pages / 2 + 37;  // the hole: [split, split + 300)
        buddy.add_span(f, f + split, descriptors.data()).value();
        buddy.add_span(f + split + 300, f + pages, descriptors.data() + split + 300).value();
        buddy.add_free_range(f + 3, f + split);  // frames 0..2 stay reserved
        buddy.add_free_range(f + split + 300, f + pages - 5);
    }
    SimMemory mem;
    mm::BuddyAllocator buddy;
    std::vector<mm::Page> descriptors;
};

/// A PageSource for slab caches over a SimBuddy (what mm/heap_pages.cc is in the kernel).
class SimPageSource final : public mm::PageSource {
public:
    explicit SimPageSource(mm::BuddyAllocator& b) : buddy_(b) {}
    Result<mm::Page*> alloc(unsigned order) override { return buddy_.alloc(order); }
    void free(mm::Page* page, unsigned order) override { buddy_.free(page, order); }
    void* address(const mm::Page* page) override { return buddy_.address(page); }
    mm::Page* page_of(const void* address) override { return buddy_.page_of_address(address); }

private:
    mm::BuddyAllocator& buddy_;
};

}  // namespace sim
