// kernel/mm/phys_ranges.hh — a sorted set of physical address ranges; the boot-time allocator.
//
// mm::init starts from the usable regions of the memory map, removes what must stay
// reserved (first MiB, kernel image, modules, boot information), takes the pages of
// the kernel page tables and of the page descriptors from what is left, and hands
// the rest to the buddy allocator. Pure logic, tested on the host.
#pragma once

#include "lib/result.hh"
#include "lib/types.hh"

namespace mm {

class PhysRanges {
public:
    static constexpr usize MAX_RANGES = 256;
    struct Range {
        paddr_t start, end;  ///< [start, end)
    };

    /// Adds [start, end), merging with ranges it overlaps or touches. ENOSPC when full.
    Result<void> add(paddr_t start, paddr_t end);
    /// Removes [start, end) from every range. ENOSPC when a split does not fit.
    Result<void> remove(paddr_t start, paddr_t end);
    /// Takes @p size bytes aligned to @p align, ending at or below @p limit, from the
    /// highest range that has them. ENOMEM.
    Result<paddr_t> take(u64 size, u64 align, paddr_t limit = ~0ull);

    usize count() const { return count_; }
    const Range& operator[](usize i) const { return ranges_[i]; }
    /// Bytes in all ranges.
    u64 total() const;

private:
    void erase(usize i);
    Result<void> insert(usize i, Range r);
    Range ranges_[MAX_RANGES] = {};
    usize count_ = 0;
};

}  // namespace mm
