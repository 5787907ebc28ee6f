// kernel/drivers/virtio/blk.cc — virtio-blk: setting the device up, its configuration,
// and the interrupt that completes requests (the requests themselves: blk_io.cc).
//
// Configuration space (virtio 1.2, 5.2.4): capacity in 512-byte sectors at 0, size_max
// at 8, seg_max at 12, blk_size at 20, max_discard_sectors at 36. The page at dma_
// holds per slot a 16-byte request header (at 16 * slot), a status byte (at 512 +
// slot), a discard range (at 1024 + 16 * slot), and the 20-byte serial (at 2048).
#include "drivers/virtio/blk.hh"

#include "arch/x86_64/irq_vectors.hh"
#include "arch/x86_64/lapic.hh"
#include "drivers/pci/msix.hh"
#include "lib/log.hh"
#include "lib/string.hh"
#include "mm/heap.hh"
#include "mm/layout.hh"
#include "mm/physmem.hh"

namespace virtio {
namespace {

constexpr u32 CFG_CAPACITY = 0, CFG_SIZE_MAX = 8, CFG_SEG_MAX = 12, CFG_BLK_SIZE = 20;
constexpr u32 CFG_MAX_DISCARD_SECTORS = 36;
constexpr u32 T_GET_ID = 8;
constexpr u32 SERIAL_OFFSET = 2048;

}  // namespace

Result<Blk*> Blk::probe(pci::Device& d, const char* name) {
    Blk* b = TRY(mm::make<Blk>());
    usize n = strlen(name) < sizeof b->name_ - 1 ? strlen(name) : sizeof b->name_ - 1;
    memcpy(b->name_, name, n);
    Result<void> r = b->setup(d);
    if (r.is_error()) {
        if (b->t_.pci()) b->t_.reset();
        if (b->vector_) irqvec::free(b->vector_);
        if (b->dma_) mm::free_pages(b->dma_, 0);
        mm::destroy(b);
        return Error(r.error());
    }
    return b;
}

Result<void> Blk::setup(pci::Device& d) {
    TRY(t_.attach(d, name_));
    features_ = TRY(t_.negotiate(BLK_F_SIZE_MAX | BLK_F_SEG_MAX | BLK_F_RO | BLK_F_BLK_SIZE |
                                 BLK_F_FLUSH | BLK_F_DISCARD));
    if (t_.num_queues() == 0) {
        t_.fail("no queues");
        return Error(ENODEV);
    }
    if (auto r = pci::msix_enable(d); r.is_error()) {
        t_.fail("no usable MSI-X (INTx is not supported)");
        return Error(ENODEV);
    }
    vector_ = TRY(irqvec::alloc(interrupt, this, "virtio-blk"));
    TRY(pci::msix_route(d, 0, vector_, lapic::id()));
    TRY(vq_.init(t_, 0, 0));
    if (vq_.size() < 3) {
        t_.fail("the request queue holds fewer than 3 descriptors");
        return Error(ENODEV);
    }
    dma_ = TRY(mm::alloc_pages_zeroed(0));
    capacity_ = t_.config64(CFG_CAPACITY);
    if (features_ & BLK_F_SIZE_MAX) size_max_ = t_.config32(CFG_SIZE_MAX);
    if (features_ & BLK_F_SEG_MAX) seg_max_ = t_.config32(CFG_SEG_MAX);
    if (features_ & BLK_F_DISCARD) max_discard_sectors_ = t_.config32(CFG_MAX_DISCARD_SECTORS);
    if (features_ & BLK_F_BLK_SIZE) {
        u32 bs = t_.config32(CFG_BLK_SIZE);
        if (bs >= 512 && bs <= 65536 && !(bs & (bs - 1))) block_size_ = bs;
        else klog::warn("virtio {}: block size {} makes no sense; using 512", name_, bs);
    }
    if (size_max_ && size_max_ < 512) size_max_ = 0;  // nonsense: no limit rather than none
    t_.driver_ok();
    // The serial (QEMU's serial=): best effort, a device may not know GET_ID.
    Segment id{dma_ + SERIAL_OFFSET, 20, true};
    if (!simple(T_GET_ID, 0, &id, 1).is_error())
        memcpy(serial_, mm::phys_to_virt<u8>(dma_ + SERIAL_OFFSET), 20);
    klog::info(
        "virtio {}: {} sectors ({} MiB), block size {}, queue size {}, vector {:#x}{}{}{}"
        ", serial '{}'",
        name_, capacity_, capacity_ / 2048, block_size_, vq_.size(), vector_,
        (features_ & BLK_F_FLUSH) ? ", flush" : "", (features_ & BLK_F_DISCARD) ? ", discard" : "",
        read_only() ? ", read-only" : "", serial_);
    return {};
}

void Blk::interrupt(void* self) { static_cast<Blk*>(self)->on_interrupt(); }

void Blk::on_interrupt() {
    SpinLockGuard g(lock_);
    const u8* status = mm::phys_to_virt<const u8>(dma_ + 512);
    while (auto u = vq_.pop()) {
        vq_.free_chain(u->head);
        for (u16 i = 0; i < SLOTS; ++i) {
            Slot& s = slots_[i];
            if (!s.batch || s.head != u->head) continue;
            u8 st = status[i];
            if (st != 0) s.batch->error = st == 2 ? EOPNOTSUPP : EIO;
            --s.batch->pending;
            s.batch = nullptr;
            --in_flight_;
            ++completed_;
            break;
        }
    }
    if (vq_.broken()) fail_all();
    proc::wake_all(waiters_);
}

void Blk::fail_all() {
    for (Slot& s : slots_) {
        if (!s.batch) continue;
        s.batch->error = EIO;
        --s.batch->pending;
        s.batch = nullptr;
        --in_flight_;
    }
}

}  // namespace virtio
