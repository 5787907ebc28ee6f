// kernel/mm/phys_ranges.cc — add, remove and take on a sorted array of disjoint ranges.
#include "mm/phys_ranges.hh"

namespace mm {

void PhysRanges::erase(usize i) {
    for (usize j = i; j + 1 < count_; ++j) ranges_[j] = ranges_[j + 1];
    --count_;
}

Result<void> PhysRanges::insert(usize i, Range r) {
    if (count_ == MAX_RANGES) return Error(ENOSPC);
    for (usize j = count_; j > i; --j) ranges_[j] = ranges_[j - 1];
    ranges_[i] = r;
    ++count_;
    return {};
}

Result<void> PhysRanges::add(paddr_t start, paddr_t end) {
    if (start >= end) return {};
    usize i = 0;
    while (i < count_ && ranges_[i].end < start) ++i;  // first range that touches or follows
    if (i == count_ || ranges_[i].start > end) return insert(i, {start, end});
    // Merge with every range that overlaps or touches [start, end).
    if (start < ranges_[i].start) ranges_[i].start = start;
    if (end > ranges_[i].end) ranges_[i].end = end;
    while (i + 1 < count_ && ranges_[i + 1].start <= ranges_[i].end) {
        if (ranges_[i + 1].end > ranges_[i].end) ranges_[i].end = ranges_[i + 1].end;
        erase(i + 1);
    }
    return {};
}

Result<void> PhysRanges::remove(paddr_t start, paddr_t end) {
    if (start >= end) return {};
    for (usize i = 0; i < count_;) {
        Range& r = ranges_[i];
        if (r.end <= start || r.start >= end) {
            ++i;
        } else if (r.start >= start && r.end <= end) {
            erase(i);
        } else if (r.start < start && r.end > end) {
            Range upper{end, r.end};
            r.end = start;
            return insert(i + 1, upper);
        } else if (r.start < start) {
            r.end = start;
            ++i;
        } else {
            r.start = end;
            ++i;
        }
    }
    return {};
}

//! [ranges_take]
Result<paddr_t> PhysRanges::take(u64 size, u64 align, paddr_t limit) {
    if (size == 0 || align == 0 || (align & (align - 1))) return Error(EINVAL);
    for (usize i = count_; i-- > 0;) {
        const Range& r = ranges_[i];
        paddr_t top = r.end < limit ? r.end : limit;
        if (top < size || top <= r.start) continue;
        paddr_t at = align_down(top - size, align);
        if (at < r.start) continue;
        TRY(remove(at, at + size));
        return at;
    }
    return Error(ENOMEM);
}
//! [ranges_take]

u64 PhysRanges::total() const {
    u64 t = 0;
    for (usize i = 0; i < count_; ++i) t += ranges_[i].end - ranges_[i].start;
    return t;
}

}  // namespace mm
