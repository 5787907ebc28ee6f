// kernel/mm/slab.hh — a cache of equal-sized objects carved out of page blocks ("slabs").
//
// A slab is a block of 2^order pages cut into slots of one size. Its state lives in
// the descriptor of its first page (mm/page.hh): the free slots form a list threaded
// through their first 8 bytes, `inuse` counts the others. A cache keeps slabs with
// free slots on a partial list and full ones on a full list; an empty slab beyond the
// first is given back at once. kfree finds the cache from the page descriptor.
// Pure logic over a PageSource, so the host unit tests run it over simulated memory.
#pragma once

#include "lib/result.hh"
#include "lib/spinlock.hh"
#include "mm/layout.hh"
#include "mm/page.hh"

namespace mm {

/// Where slabs get their pages.
class PageSource {
public:
    virtual Result<Page*> alloc(unsigned order) = 0;
    virtual void free(Page* page, unsigned order) = 0;
    virtual void* address(const Page* page) = 0;
    /// The descriptor of the page holding @p address; null when none.
    virtual Page* page_of(const void* address) = 0;

protected:
    ~PageSource() = default;
};

/// Per-cache statistics, read from the cache's own counters.
struct SlabCacheStats {
    const char* name = "";
    u32 slot_size = 0;
    u32 slab_pages = 0;  ///< pages per slab
    u32 slots_per_slab = 0;
    u64 slabs = 0;  ///< slabs the cache holds now
    u64 objects_in_use = 0;
    u64 allocs = 0, frees = 0;  ///< since boot
};

class SlabCache {
public:
    SlabCache() = default;
    SlabCache(const SlabCache&) = delete;
    SlabCache& operator=(const SlabCache&) = delete;

    /// Sets the cache up for slots of @p slot_size bytes (a multiple of 16); @p index
    /// is what page descriptors record to find it again. With @p zero_new_slabs, new
    /// slabs are zero-filled (the debug heap reads slot headers of free slots).
    void init(const char* name, u32 slot_size, u16 index, PageSource& source,
              bool zero_new_slabs = false);

    /// A free slot; ENOMEM when the page source has no pages.
    Result<void*> alloc();
    /// Returns the slot at @p slot (exactly a slot's start, in a slab of this cache).
    /// False, freeing nothing, when @p slot is already the first free slot of its slab
    /// (a double free caught cheaply).
    bool free(void* slot);

    /// The slab's first page for any address inside it (follows SlabTail descriptors).
    Page* slab_of(const void* address) const;
    /// The start of the slot containing @p address; null when it is past the last slot.
    void* slot_of(const void* address) const;
    /// Calls f(slot) for every slot of every slab (for debug checks); cache lock held.
    template <typename F>
    void for_each_slot(F&& f) {
        SpinLockGuard g(lock_);
        for (PageList* list : {&partial_, &full_})
            for (Page& p : *list) {
                u8* base = static_cast<u8*>(source_->address(&p));
                for (u32 i = 0; i < per_slab_; ++i)
                    f(static_cast<void*>(base + usize(i) * slot_size_));
            }
    }

    SlabCacheStats stats();
    u32 slot_size() const { return slot_size_; }
    u16 index() const { return index_; }
    const char* name() const { return name_; }

private:
    Result<Page*> grow();
    void release(Page* slab);

    SpinLock lock_{"slab"};
    const char* name_ = "";
    PageSource* source_ = nullptr;
    u32 slot_size_ = 0;
    u32 per_slab_ = 0;
    u16 index_ = 0;
    u8 order_ = 0;
    bool zero_ = false;
    PageList partial_;  // slabs with at least one free slot
    PageList full_;     // slabs with none
    u64 slabs_ = 0, inuse_ = 0, allocs_ = 0, frees_ = 0;
};

}  // namespace mm
