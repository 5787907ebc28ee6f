// kernel/mm/slab.cc — slab caches: growing, allocating from and freeing to slabs.
#include "mm/slab.hh"

#include "lib/string.hh"

namespace mm {

void SlabCache::init(const char* name, u32 slot_size, u16 index, PageSource& source,
                     bool zero_new_slabs) {
    zero_ = zero_new_slabs;
    kassert(slot_size >= 16 && slot_size % 16 == 0);
    name_ = name;
    slot_size_ = slot_size;
    index_ = index;
    source_ = &source;
    //! [slab_order]
    // The smallest slab (up to 8 pages) that wastes at most an eighth of itself.
    order_ = 0;
    while (order_ < 3 && ((PAGE_SIZE << order_) % slot_size) * 8 > (PAGE_SIZE << order_)) ++order_;
    per_slab_ = static_cast<u32>((PAGE_SIZE << order_) / slot_size);
    //! [slab_order]
    kassert(per_slab_ >= 1 && per_slab_ <= 0xffff);
}

//! [slab_grow]
Result<Page*> SlabCache::grow() {
    Page* slab = TRY(source_->alloc(order_));
    slab->kind = PageKind::Slab;
    slab->order = order_;
    slab->cache = index_;
    slab->inuse = 0;
    for (u16 i = 1; i < (1u << order_); ++i) {
        slab[i].kind = PageKind::SlabTail;
        slab[i].head_offset = i;
    }
    // Thread the free list through the slots, first slot first.
    u8* base = static_cast<u8*>(source_->address(slab));
    if (zero_) memset(base, 0, PAGE_SIZE << order_);
    void* next = nullptr;
    for (u32 i = per_slab_; i-- > 0;) {
        void* slot = base + usize(i) * slot_size_;
        *static_cast<void**>(slot) = next;
        next = slot;
    }
    slab->freelist = next;
    ++slabs_;
    partial_.push_front(*slab);
    return slab;
}
//! [slab_grow]

void SlabCache::release(Page* slab) {
    partial_.remove(*slab);
    --slabs_;
    for (u16 i = 1; i < (1u << order_); ++i) slab[i].kind = PageKind::Tail;
    slab->kind = PageKind::Allocated;
    slab->freelist = nullptr;
    source_->free(slab, order_);
}

Result<void*> SlabCache::alloc() {
    SpinLockGuard g(lock_);
    // LAB_BEGIN(02-paging, 4): take a slot from the first partial slab (growing the cache when there is none); move a slab that fills up to the full list
    //! [slab_alloc]
    Page* slab = partial_.front();
    if (!slab) slab = TRY(grow());
    void* slot = slab->freelist;
    slab->freelist = *static_cast<void**>(slot);
    ++slab->inuse;
    if (!slab->freelist) {
        partial_.remove(*slab);
        full_.push_front(*slab);
    }
    ++inuse_;
    ++allocs_;
    return slot;
    //! [slab_alloc]
    // LAB_FALLBACK
    // return Error(ENOMEM);
    // LAB_END
}

Page* SlabCache::slab_of(const void* address) const {
    Page* p = source_->page_of(address);
    if (p && p->kind == PageKind::SlabTail) p -= p->head_offset;
    return p;
}

void* SlabCache::slot_of(const void* address) const {
    Page* slab = slab_of(address);
    u8* base = static_cast<u8*>(source_->address(slab));
    usize i = usize(static_cast<const u8*>(address) - base) / slot_size_;
    return i < per_slab_ ? base + i * slot_size_ : nullptr;
}

bool SlabCache::free(void* slot) {
    SpinLockGuard g(lock_);
    Page* slab = slab_of(slot);
    kassert(slab && slab->kind == PageKind::Slab && slab->cache == index_);
    if (slab->freelist == slot) return false;
    // LAB_BEGIN(02-paging, 4): push the slot on its slab's free list; a full slab becomes partial; give an empty slab back unless it is the only partial one
    //! [slab_free]
    *static_cast<void**>(slot) = slab->freelist;
    bool was_full = !slab->freelist;
    slab->freelist = slot;
    --slab->inuse;
    if (was_full) {
        full_.remove(*slab);
        partial_.push_front(*slab);
    }
    --inuse_;
    ++frees_;
    if (slab->inuse == 0 && partial_.size() > 1) release(slab);
    //! [slab_free]
    // LAB_FALLBACK
    // (void)slot;
    // LAB_END
    return true;
}

SlabCacheStats SlabCache::stats() {
    SpinLockGuard g(lock_);
    SlabCacheStats s;
    s.name = name_;
    s.slot_size = slot_size_;
    s.slab_pages = 1u << order_;
    s.slots_per_slab = per_slab_;
    s.slabs = slabs_;
    s.objects_in_use = inuse_;
    s.allocs = allocs_;
    s.frees = frees_;
    return s;
}

}  // namespace mm
