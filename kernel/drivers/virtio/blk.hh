// kernel/drivers/virtio/blk.hh — virtio-blk: a disk on a virtqueue, as a fs::BlockDevice.
//
//   virtio::Blk* disk = TRY(virtio::Blk::probe(pci_dev, "vda"));
//   TRY(disk->read(0, 8, buf));                  // sleeps until the device answers
//   TRY(disk->write(8, 8, buf));
//   TRY(disk->flush());                          // VIRTIO_BLK_F_FLUSH, when offered
//   TRY(disk->discard(100, 2048));               // VIRTIO_BLK_F_DISCARD, else EOPNOTSUPP
//
// A request is a chain of a 16-byte header (type, sector), the data (one descriptor per
// physically contiguous piece of the caller's buffer) and a status byte the device
// writes. A transfer larger than MAX_REQUEST_SECTORS becomes several requests, all
// queued before the caller waits, so several are in flight at once; other callers'
// requests share the queue. Completion is by MSI-X interrupt: the handler collects
// used chains and wakes the waiters (proc::sleep_on / wake_all; before the scheduler
// runs a task here, as in boot-time tests, the waiter halts until the interrupt).
// There is no INTx fallback: every virtio device of q35 has MSI-X, so a device without
// it is refused with a log line. A device that breaks its queue, or answers nothing
// for REQUEST_TIMEOUT_NS, is reset and fails its requests with EIO from then on.
#pragma once

#include <atomic>

#include "drivers/pci/pci.hh"
#include "drivers/virtio/virtqueue.hh"
#include "fs/block/block_device.hh"
#include "lib/spinlock.hh"
#include "proc/sched.hh"

namespace virtio {

/// virtio-blk feature bits.
constexpr u64 BLK_F_SIZE_MAX = 1ull << 1, BLK_F_SEG_MAX = 1ull << 2, BLK_F_RO = 1ull << 5;
constexpr u64 BLK_F_BLK_SIZE = 1ull << 6, BLK_F_FLUSH = 1ull << 9, BLK_F_DISCARD = 1ull << 13;

class Blk final : public fs::BlockDevice {
public:
    /// Sectors per request at most (64 KiB); larger transfers are split.
    static constexpr u32 MAX_REQUEST_SECTORS = 128;
    /// Requests in flight at most.
    static constexpr u16 SLOTS = 32;
    /// A device that completes nothing for this long is reset and its requests fail.
    static constexpr u64 REQUEST_TIMEOUT_NS = 30ull * 1000000000;

    /// Sets up the virtio-blk function @p d as @p name ("vda"): features, MSI-X, the
    /// request queue, DRIVER_OK; logs capacity, block size, features and serial.
    /// ENODEV (logged) for a legacy-only device, one without MSI-X or without queues.
    static Result<Blk*> probe(pci::Device& d, const char* name);

    u64 sector_count() const override { return capacity_; }
    Result<void> read(u64 sector, u32 count, void* buf) override;
    Result<void> write(u64 sector, u32 count, const void* buf) override;
    /// Gathers the pages into one transfer (requests of up to MAX_REQUEST_SECTORS).
    Result<void> read_pages(u64 sector, u8* const* pages, u32 n) override;
    Result<void> write_pages(u64 sector, const u8* const* pages, u32 n) override;
    Result<void> flush() override;
    /// Tells the device the sectors are unused. EOPNOTSUPP when it does not offer discard.
    Result<void> discard(u64 sector, u64 count);

    const char* name() const { return name_; }
    /// The device's logical block size in bytes (512 unless it says otherwise).
    u32 block_size() const { return block_size_; }
    bool read_only() const { return features_ & BLK_F_RO; }
    u64 features() const { return features_; }
    /// The serial number (QEMU's serial=), empty when the device gives none.
    const char* serial() const { return serial_; }
    /// Requests completed since probe, and the most that were in flight at once.
    u64 completed() const { return completed_; }
    u16 max_in_flight() const { return max_in_flight_; }
    /// The PCI function behind this disk.
    pci::Device* transport_device() const { return t_.pci(); }

private:
    struct Batch {
        u32 pending = 0;
        int error = 0;
    };
    struct DiscardRange {
        u64 sector;
        u32 sectors;
        u32 flags;
    };
    struct Slot {
        Batch* batch = nullptr;
        u16 head = 0;
    };

    Result<void> setup(pci::Device& d);
    /// One piece of a transfer's memory, in the kernel's address space.
    struct Piece {
        u8* p;
        u64 len;
    };
    /// Moves the pieces, one after the other, to or from the disk from @p sector on; their
    /// total is a whole number of sectors.
    Result<void> transfer(u32 type, u64 sector, const Piece* pieces, usize n);
    /// Queues one request (lock_ held); waits for a slot and descriptors if needed. With
    /// @p range, the data is that discard range (@p data and @p n are ignored).
    Result<void> submit(u32 type, u64 sector, const Segment* data, usize n, Batch& b,
                        const DiscardRange* range = nullptr);
    Result<void> simple(u32 type, u64 sector, const Segment* data, usize n);
    /// Sleeps until an interrupt (lock_ held); past @p deadline, gives the device up.
    void wait(u64 deadline);
    /// Waits until every request of @p b is complete (or failed).
    void wait_batch(Batch& b);
    void on_interrupt();
    void fail_all();
    static void interrupt(void* self);

    char name_[16] = {};
    char serial_[21] = {};
    Transport t_;
    Virtqueue vq_;
    u64 features_ = 0;
    u64 capacity_ = 0;
    u32 block_size_ = 512;
    u32 size_max_ = 0;  // bytes per segment at most (0: no limit)
    u32 seg_max_ = 0;   // data segments per request at most (0: no limit)
    u32 max_discard_sectors_ = 0;
    paddr_t dma_ = 0;  // request headers, status bytes, discard ranges
    Slot slots_[SLOTS];
    u16 in_flight_ = 0;
    u16 max_in_flight_ = 0;
    u64 completed_ = 0;
    u8 vector_ = 0;
    SpinLock lock_{"virtio-blk", lock_rank::SLEEP};
    proc::WaitQueue waiters_;
};

}  // namespace virtio
