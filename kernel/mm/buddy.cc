// kernel/mm/buddy.cc — the physical page allocator.
//
// Free blocks of 2^order pages sit on one list per order. Allocation splits the
// smallest block that fits; freeing merges a block with its buddy while the buddy
// is free. Lab 02 builds it; the book's chapter 2 walks through split and merge.
#include "mm/buddy.hh"

namespace mm {

bool BuddyAllocator::is_allocated_kind(PageKind k) {
    return k == PageKind::Allocated || k == PageKind::Slab || k == PageKind::Large ||
           k == PageKind::Cached;
}

Result<void> BuddyAllocator::add_span(u64 start_pfn, u64 end_pfn, Page* descriptors) {
    if (start_pfn >= end_pfn || !descriptors) return Error(EINVAL);
    if (span_count_ && spans_[span_count_ - 1].end > start_pfn) return Error(EINVAL);
    if (span_count_ == MAX_SPANS) return Error(ENOSPC);
    for (u64 i = 0; i < end_pfn - start_pfn; ++i) {
        Page* p = &descriptors[i];
        p->node = ListNode{};
        p->kind = PageKind::Reserved;
        p->order = 0;
        p->inuse = p->cache = p->head_offset = 0;
        p->freelist = nullptr;
    }
    spans_[span_count_++] = {start_pfn, end_pfn, descriptors};
    return {};
}

const BuddyAllocator::Span* BuddyAllocator::span_of(u64 pfn) const {
    usize lo = 0, hi = span_count_;
    while (lo < hi) {  // spans are sorted: binary search
        usize mid = (lo + hi) / 2;
        if (pfn < spans_[mid].start) hi = mid;
        else if (pfn >= spans_[mid].end) lo = mid + 1;
        else return &spans_[mid];
    }
    return nullptr;
}

Page* BuddyAllocator::page_of_pfn(u64 pfn) const {
    const Span* s = span_of(pfn);
    return s ? &s->pages[pfn - s->start] : nullptr;
}

u64 BuddyAllocator::pfn(const Page* page) const {
    for (usize i = 0; i < span_count_; ++i) {
        const Span& s = spans_[i];
        if (page >= s.pages && page < s.pages + (s.end - s.start))
            return s.start + u64(page - s.pages);
    }
    panic("buddy: {:p} is not a page descriptor", static_cast<const void*>(page));
}

void BuddyAllocator::add_free_range(u64 start_pfn, u64 end_pfn) {
    if (start_pfn >= end_pfn) return;
    const Span* s = span_of(start_pfn);
    if (!s || end_pfn > s->end)
        panic("buddy: free range {:#x}..{:#x} is not inside one span", start_pfn, end_pfn);
    for (u64 p = start_pfn; p < end_pfn; ++p)
        if (s->pages[p - s->start].kind != PageKind::Reserved)
            panic("buddy: frame {:#x} given to the allocator twice", p);
    // Carve the range into the largest aligned blocks and free each (merging with
    // neighbours that are already free).
    for (u64 p = start_pfn; p < end_pfn;) {
        unsigned order = MAX_ORDER;
        while (order > 0 && ((p & ((1ull << order) - 1)) || p + (1ull << order) > end_pfn)) --order;
        managed_ += 1ull << order;
        free_block(*s, p, order);
        p += 1ull << order;
    }
}

void BuddyAllocator::free_block(const Span& s, u64 pfn, unsigned order) {
    // LAB_BEGIN(02-paging, 2): mark the block free and merge it with its buddy (frame pfn ^ 2^order) while the buddy is a free block of the same order in the same span; then put the result on its list
    //! [buddy_merge]
    auto at = [&](u64 frame) -> Page& { return s.pages[frame - s.start]; };
    for (u64 i = 1; i < (1ull << order); ++i) at(pfn + i).kind = PageKind::FreeTail;
    free_pages_ += 1ull << order;
    while (order < MAX_ORDER) {
        u64 buddy = pfn ^ (1ull << order);
        if (buddy < s.start || buddy + (1ull << order) > s.end) break;
        Page& b = at(buddy);
        if (b.kind != PageKind::Free || b.order != order) break;
        free_[order].remove(b);
        b.kind = PageKind::FreeTail;
        at(pfn).kind = PageKind::FreeTail;
        pfn &= ~(1ull << order);
        ++order;
    }
    Page& head = at(pfn);
    head.kind = PageKind::Free;
    head.order = static_cast<u8>(order);
    free_[order].push_front(head);
    //! [buddy_merge]
    // LAB_FALLBACK
    // (void)s;
    // (void)pfn;
    // (void)order;
    // panic("TODO(lab 02-paging): BuddyAllocator::free_block");
    // LAB_END
}

// Removes @p head (a free block of @p from_order) from @p list and splits it down to
// @p order, putting the upper halves back on their lists.
Page* BuddyAllocator::take(PageList& list, Page* head, unsigned from_order, unsigned order) {
    // LAB_BEGIN(02-paging, 2): unlink the block, split it down to the order asked for (each upper half goes on its own list), mark it allocated
    //! [buddy_split]
    list.remove(*head);
    for (unsigned o = from_order; o > order;) {
        --o;
        Page& upper = head[1ull << o];  // the block is inside one span: descriptors are contiguous
        upper.kind = PageKind::Free;
        upper.order = static_cast<u8>(o);
        free_[o].push_front(upper);
    }
    head->kind = PageKind::Allocated;
    head->order = static_cast<u8>(order);
    for (u64 i = 1; i < (1ull << order); ++i) head[i].kind = PageKind::Tail;
    free_pages_ -= 1ull << order;
    ++allocs_;
    return head;
    //! [buddy_split]
    // LAB_FALLBACK
    // (void)list;
    // (void)head;
    // (void)from_order;
    // (void)order;
    // panic("TODO(lab 02-paging): BuddyAllocator::take");
    // LAB_END
}

Result<Page*> BuddyAllocator::alloc(unsigned order) {
    if (order > MAX_ORDER) return Error(EINVAL);
    for (unsigned o = order; o <= MAX_ORDER; ++o)
        if (!free_[o].empty()) return take(free_[o], free_[o].front(), o, order);
    return Error(ENOMEM);
}

Result<Page*> BuddyAllocator::alloc_below(unsigned order, paddr_t limit) {
    if (order > MAX_ORDER) return Error(EINVAL);
    for (unsigned o = order; o <= MAX_ORDER; ++o)
        for (Page& p : free_[o])
            if (pfn_to_phys(pfn(&p) + (1ull << order)) <= limit)
                return take(free_[o], &p, o, order);
    return Error(ENOMEM);
}

void BuddyAllocator::free(Page* page, unsigned order) {
    u64 frame = pfn(page);
    if (order > MAX_ORDER || !is_allocated_kind(page->kind) || page->order != order) {
        if (page->kind == PageKind::Free || page->kind == PageKind::FreeTail)
            panic("buddy: double free of frame {:#x} (order {})", frame, order);
        panic("buddy: free of frame {:#x} with order {}, but it is {} (kind {}, order {})", frame,
              order,
              is_allocated_kind(page->kind) ? "allocated" : "not the start of an allocated block",
              static_cast<int>(page->kind), page->order);
    }
    ++frees_;
    free_block(*span_of(frame), frame, order);
}

BuddyStats BuddyAllocator::stats() const {
    BuddyStats s;
    s.managed_pages = managed_;
    s.free_pages = free_pages_;
    for (unsigned o = 0; o <= MAX_ORDER; ++o) s.free_blocks[o] = free_[o].size();
    s.allocs = allocs_;
    s.frees = frees_;
    return s;
}

void BuddyAllocator::verify() const {
    u64 listed = 0;
    for (unsigned o = 0; o <= MAX_ORDER; ++o) {
        for (Page& p : const_cast<PageList&>(free_[o])) {
            u64 f = pfn(&p);
            if (p.kind != PageKind::Free || p.order != o)
                panic("buddy verify: frame {:#x} on list {} has kind {} order {}", f, o,
                      static_cast<int>(p.kind), p.order);
            if (f & ((1ull << o) - 1))
                panic("buddy verify: frame {:#x} misaligned for order {}", f, o);
            const Span* s = span_of(f);
            if (!s || f + (1ull << o) > s->end)
                panic("buddy verify: block {:#x}/{} leaves its span", f, o);
            for (u64 i = 1; i < (1ull << o); ++i)
                if ((&p)[i].kind != PageKind::FreeTail)
                    panic("buddy verify: frame {:#x} inside free block {:#x}/{} has kind {}", f + i,
                          f, o, static_cast<int>((&p)[i].kind));
            if (o < MAX_ORDER) {
                u64 b = f ^ (1ull << o);
                if (b >= s->start && b + (1ull << o) <= s->end) {
                    const Page& bp = s->pages[b - s->start];
                    if (bp.kind == PageKind::Free && bp.order == o)
                        panic(
                            "buddy verify: buddies {:#x} and {:#x} of order {} both free, not merged",
                            f, b, o);
                }
            }
            listed += 1ull << o;
        }
    }
    if (listed != free_pages_)
        panic("buddy verify: {} pages on the lists, counter says {}", listed, free_pages_);
}

}  // namespace mm
