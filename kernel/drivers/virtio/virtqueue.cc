// kernel/drivers/virtio/virtqueue.cc — the split virtqueue's rings and their ordering.
//
// Free descriptors form a list through their `next` fields. A chain is pushed by taking
// descriptors off that list, linking them with NEXT, and writing its head into the
// available ring; the available index, which the device polls or reads after a
// notification, moves only in kick(), after a release fence. Completions come back in
// the used ring as {id = head, len}; chain_len_ remembers which heads are in flight, so
// an id the device makes up is caught instead of corrupting the free list.
#include "drivers/virtio/virtqueue.hh"

#include <atomic>

#include "lib/log.hh"
#include "mm/layout.hh"
#include "mm/physmem.hh"

namespace virtio {
namespace {

constexpr u16 DESC_F_NEXT = 1, DESC_F_WRITE = 2;

}  // namespace

Virtqueue::~Virtqueue() {
    if (page_) mm::free_pages(page_, 0);
}

Result<void> Virtqueue::init(Transport& t, u16 index, u16 msix_entry) {
    t_ = &t;
    index_ = index;
    u16 max = t.queue_max_size(index);
    if (max == 0 || (max & (max - 1))) {
        klog::warn("virtio {}: queue {} has size {}: not a usable split queue", t.name(), index,
                   max);
        return Error(EIO);
    }
    size_ = max < MAX_SIZE ? max : MAX_SIZE;
    page_ = TRY(mm::alloc_pages_zeroed(0));
    u8* base = mm::phys_to_virt<u8>(page_);
    u32 avail_off = u32(size_) * sizeof(Desc);
    u32 used_off = align_up(avail_off + 6 + 2 * u32(size_), 4);
    desc_ = reinterpret_cast<volatile Desc*>(base);
    avail_ = reinterpret_cast<volatile u16*>(base + avail_off);
    used_ = reinterpret_cast<volatile u16*>(base + used_off);
    for (u16 i = 0; i < size_; ++i) desc_[i].next = u16(i + 1);
    free_head_ = 0;
    num_free_ = size_;
    auto notify =
        t.enable_queue(index, size_, page_, page_ + avail_off, page_ + used_off, msix_entry);
    if (notify.is_error()) {
        mm::free_pages(page_, 0);
        page_ = 0;
        return Error(notify.error());
    }
    notify_ = notify.value();
    return {};
}

Result<u16> Virtqueue::push(const Segment* segs, usize n) {
    if (n == 0 || n > size_) return Error(EINVAL);
    if (broken_) return Error(EIO);
    if (n > num_free_) return Error(ENOSPC);
    u16 head = free_head_, at = head;
    for (usize i = 0; i < n; ++i) {
        volatile Desc& d = desc_[at];
        d.addr = segs[i].addr;
        d.len = segs[i].len;
        d.flags = u16((i + 1 < n ? DESC_F_NEXT : 0) | (segs[i].device_writes ? DESC_F_WRITE : 0));
        if (i + 1 < n) at = d.next;
    }
    free_head_ = desc_[at].next;
    num_free_ = u16(num_free_ - n);
    chain_len_[head] = u16(n);
    avail_[2 + (avail_idx_ % size_)] = head;
    ++avail_idx_;
    return head;
}

void Virtqueue::kick() {
    std::atomic_thread_fence(std::memory_order_release);  // ring entries before the index
    avail_[1] = avail_idx_;
    std::atomic_thread_fence(std::memory_order_seq_cst);  // the index before the notify
    *notify_ = index_;
}

std::optional<Used> Virtqueue::pop() {
    if (broken_) return std::nullopt;
    u16 used_idx = used_[1];
    std::atomic_thread_fence(std::memory_order_acquire);  // the index before its entries
    if (used_idx == last_used_) return std::nullopt;
    if (u16(used_idx - last_used_) > size_) {
        mark_broken("used index ran ahead of the available ring", used_idx);
        return std::nullopt;
    }
    auto* ring = reinterpret_cast<volatile u32*>(used_ + 2);
    u32 slot = last_used_ % size_;
    u32 id = ring[2 * slot], len = ring[2 * slot + 1];
    if (id >= size_ || chain_len_[id] == 0) {
        mark_broken("used ring names a descriptor that is not in flight", id);
        return std::nullopt;
    }
    ++last_used_;
    return Used{u16(id), len};
}

void Virtqueue::free_chain(u16 head) {
    if (head >= size_ || chain_len_[head] == 0) return;
    u16 n = chain_len_[head], last = head;
    for (u16 i = 1; i < n; ++i) last = desc_[last].next;
    desc_[last].next = free_head_;
    free_head_ = head;
    num_free_ = u16(num_free_ + n);
    chain_len_[head] = 0;
}

void Virtqueue::mark_broken(const char* why, u32 value) {
    broken_ = true;
    klog::error("virtio {}: queue {}: {} ({}); the queue is not used any more", t_->name(), index_,
                why, value);
    t_->fail("its queue is broken");
}

}  // namespace virtio
