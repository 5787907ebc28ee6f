// kernel/drivers/virtio/virtqueue.hh — a split virtqueue: descriptors, available and used rings.
//
//   virtio::Virtqueue q;
//   TRY(q.init(transport, 0, /*msix_entry=*/0));
//   Segment segs[] = {{hdr_pa, 16, false}, {buf_pa, 4096, true}, {status_pa, 1, true}};
//   u16 head = TRY(q.push(segs, 3));            // ENOSPC: wait for completions first
//   q.kick();                                   // publish and notify
//   ... in the interrupt handler:
//   while (auto u = q.pop()) { ... u->head, u->len ...; q.free_chain(u->head); }
//
// The three parts live in one zeroed page (queue size at most 128: 2 KiB of
// descriptors, then the available ring, then the used ring, 4-byte aligned). The
// driver writes descriptors and available entries, then (release fence) the available
// index; a full fence orders that store before the notification. The device's used
// index is read with acquire ordering before the entries it covers. Not thread-safe:
// the caller's lock guards a queue. A used entry whose id is out of range or not in
// flight makes the queue broken (logged once); callers then fail their requests.
#pragma once

#include <optional>

#include "drivers/virtio/pci_transport.hh"

namespace virtio {

/// One buffer of a chain: physical address, length, and whether the device writes it.
struct Segment {
    paddr_t addr;
    u32 len;
    bool device_writes;
};

/// A chain the device is done with: its head and the bytes it wrote.
struct Used {
    u16 head;
    u32 len;
};

class Virtqueue {
public:
    static constexpr u16 MAX_SIZE = 128;

    Virtqueue() = default;
    Virtqueue(const Virtqueue&) = delete;
    Virtqueue& operator=(const Virtqueue&) = delete;
    ~Virtqueue();

    /// Sets up queue @p index of @p t with interrupts on MSI-X entry @p msix_entry.
    /// EIO (logged) for a queue size of 0 or one that is not a power of two; ENOMEM.
    Result<void> init(Transport& t, u16 index, u16 msix_entry);

    u16 size() const { return size_; }
    u16 free_descriptors() const { return num_free_; }
    bool broken() const { return broken_; }

    /// Adds a chain of @p n segments; returns its head. ENOSPC when fewer than @p n
    /// descriptors are free; EINVAL for n == 0 or n > size().
    Result<u16> push(const Segment* segs, usize n);
    /// Publishes the chains pushed since the last kick and notifies the device.
    void kick();
    /// The next chain the device completed, if any. Nothing once broken().
    std::optional<Used> pop();
    /// Returns the descriptors of a chain that pop() gave back.
    void free_chain(u16 head);
    /// Stops using the queue (the device was reset): broken() from now on.
    void abandon() { broken_ = true; }

private:
    struct Desc {
        u64 addr;
        u32 len;
        u16 flags;
        u16 next;
    };
    void mark_broken(const char* why, u32 value);

    Transport* t_ = nullptr;
    u16 index_ = 0;
    u16 size_ = 0;
    paddr_t page_ = 0;
    volatile Desc* desc_ = nullptr;
    volatile u16* avail_ = nullptr;  // flags, idx, ring[size], used_event
    volatile u16* used_ = nullptr;   // flags, idx, then {u32 id, u32 len}[size]
    volatile u16* notify_ = nullptr;
    u16 free_head_ = 0;
    u16 num_free_ = 0;
    u16 avail_idx_ = 0;             // our copy of avail->idx
    u16 last_used_ = 0;             // the next used entry to look at
    u16 chain_len_[MAX_SIZE] = {};  // per head: descriptors of the chain in flight, 0 if none
    bool broken_ = false;
};

}  // namespace virtio
