// kernel/drivers/virtio/blk_io.cc — virtio-blk requests: buffers to segments, submission,
// waiting for the interrupt.
//
// A caller's buffer may be in the direct map, the kernel image or the vmap area (a
// kernel stack, the debug heap): each page is translated on its own, and pieces that
// are physically adjacent become one segment. A transfer is cut into requests of at
// most MAX_REQUEST_SECTORS sectors and as many segments as the device allows (seg_max,
// size_max), each a whole number of sectors; all are queued, then the caller waits for
// the batch. A request that cannot get a slot or descriptors kicks the queue and waits
// for a completion.
#include "arch/x86_64/irq.hh"
#include "drivers/timer/clock.hh"
#include "drivers/virtio/blk.hh"
#include "lib/log.hh"
#include "mm/kernel_tables.hh"
#include "mm/layout.hh"
#include "proc/task.hh"

namespace virtio {
namespace {

constexpr u32 T_IN = 0, T_OUT = 1, T_FLUSH = 4, T_DISCARD = 11;
constexpr usize MAX_DATA_SEGMENTS = Blk::MAX_REQUEST_SECTORS * fs::SECTOR_SIZE / mm::PAGE_SIZE + 1;

struct Header {
    u32 type;
    u32 reserved;
    u64 sector;
};

// The physical address behind kernel address @p p (EFAULT for user or unmapped ones).
Result<paddr_t> dma_address(const u8* p) {
    auto va = reinterpret_cast<vaddr_t>(p);
    if (mm::is_direct_map(va) || va >= mm::KERNEL_VMA) return mm::virt_to_phys(p);
    if (va < mm::VMAP_BASE) return Error(EFAULT);
    auto m = mm::kernel_translate(va);
    if (m.is_error()) return Error(EFAULT);
    return m.value().pa + (va - m.value().va);
}

}  // namespace

void Blk::wait(u64 deadline) {
    if (ktime::now_ns() >= deadline) {
        // The device has not answered for REQUEST_TIMEOUT_NS: stop it (a reset ends its
        // DMA into the callers' buffers) and fail whatever it still holds.
        klog::error("virtio {}: no answer for {} s; the device is reset and not used any more",
                    name_, REQUEST_TIMEOUT_NS / 1000000000);
        t_.reset();
        vq_.abandon();
        fail_all();
        return;
    }
    proc::Task* me = proc::current();
    if (me && !me->is_idle) {
        proc::sleep_on_until(waiters_, lock_, deadline);
        return;
    }
    // No task to put to sleep (a boot-time test): halt until an interrupt, ours or the
    // tick. `sti; hlt` is one window: an interrupt pending at sti ends the hlt.
    lock_.unlock_irqs_off();
    asm volatile("sti; hlt; cli" ::: "memory");
    lock_.lock_irqs_off();
}

void Blk::wait_batch(Batch& b) {
    u64 deadline = ktime::now_ns() + REQUEST_TIMEOUT_NS;
    while (b.pending) wait(deadline);
}

Result<void> Blk::submit(u32 type, u64 sector, const Segment* data, usize n, Batch& b,
                         const DiscardRange* range) {
    if (range) n = 1;
    u16 slot = SLOTS;
    u64 deadline = ktime::now_ns() + REQUEST_TIMEOUT_NS;
    for (;;) {
        if (vq_.broken()) return Error(EIO);
        for (slot = 0; slot < SLOTS && slots_[slot].batch; ++slot) {}
        if (slot < SLOTS && vq_.free_descriptors() >= n + 2) break;
        vq_.kick();
        wait(deadline);
    }
    auto* hdr = mm::phys_to_virt<Header>(dma_ + 16 * slot);
    *hdr = Header{type, 0, sector};
    u8* status = mm::phys_to_virt<u8>(dma_ + 512 + slot);
    *status = 0xff;  // stays so (an error) if the device writes nothing
    Segment segs[MAX_DATA_SEGMENTS + 2];
    segs[0] = Segment{dma_ + 16 * slot, sizeof(Header), false};
    for (usize i = 0; i < n && !range; ++i) segs[1 + i] = data[i];
    if (range) {  // the range sits in the slot's own 16 bytes
        *mm::phys_to_virt<DiscardRange>(dma_ + 1024 + 16 * slot) = *range;
        segs[1] = Segment{dma_ + 1024 + 16 * slot, sizeof(DiscardRange), false};
    }
    segs[n + 1] = Segment{dma_ + 512 + slot, 1, true};
    u16 head = TRY(vq_.push(segs, n + 2));
    slots_[slot] = Slot{&b, head};
    ++b.pending;
    if (++in_flight_ > max_in_flight_) max_in_flight_ = in_flight_;
    return {};
}

Result<void> Blk::simple(u32 type, u64 sector, const Segment* data, usize n) {
    Batch b;
    SpinLockGuard g(lock_);
    TRY(submit(type, sector, data, n, b));
    vq_.kick();
    wait_batch(b);
    if (b.error) return Error(b.error);
    return {};
}

Result<void> Blk::transfer(u32 type, u64 sector, const Piece* pieces, usize npieces) {
    u64 left = 0;
    for (usize i = 0; i < npieces; ++i) left += pieces[i].len;
    if (left == 0) return {};
    u64 count = left / fs::SECTOR_SIZE;
    if (left % fs::SECTOR_SIZE || sector >= capacity_ || count > capacity_ - sector)
        return Error(EIO);
    usize max_segments = MAX_DATA_SEGMENTS;
    if (seg_max_ && seg_max_ < max_segments) max_segments = seg_max_;
    if (vq_.size() - 2u < max_segments) max_segments = vq_.size() - 2u;
    usize pi = 0;  // the piece the next request starts in, and the offset in it
    u64 po = 0;
    Batch b;
    int err = 0;
    while (left && !err) {
        Segment segs[MAX_DATA_SEGMENTS];
        usize n = 0;
        u64 bytes = 0, limit = left < MAX_REQUEST_SECTORS * fs::SECTOR_SIZE
                                   ? left
                                   : MAX_REQUEST_SECTORS * fs::SECTOR_SIZE;
        usize ci = pi;  // a cursor over the pieces for this request
        u64 co = po;
        while (bytes < limit) {
            const u8* at = pieces[ci].p + co;
            u64 piece = mm::PAGE_SIZE - reinterpret_cast<vaddr_t>(at) % mm::PAGE_SIZE;
            if (piece > pieces[ci].len - co) piece = pieces[ci].len - co;
            if (piece > limit - bytes) piece = limit - bytes;
            if (size_max_ && piece > size_max_) piece = size_max_;
            auto pa = dma_address(at);
            if (pa.is_error()) {
                err = pa.error();
                break;
            }
            Segment* last = n ? &segs[n - 1] : nullptr;
            if (last && last->addr + last->len == pa.value() &&
                (!size_max_ || last->len + piece <= size_max_)) {
                last->len += u32(piece);
            } else {
                if (n == max_segments) break;
                segs[n++] = Segment{pa.value(), u32(piece), type == T_IN};
            }
            bytes += piece;
            if ((co += piece) == pieces[ci].len) ++ci, co = 0;
        }
        // Cut back to whole sectors (the segment limit may stop mid-sector).
        for (u64 excess = bytes % fs::SECTOR_SIZE; excess && n;) {
            u64 take = excess < segs[n - 1].len ? excess : segs[n - 1].len;
            segs[n - 1].len -= u32(take);
            bytes -= take, excess -= take;
            if (!segs[n - 1].len) --n;
        }
        if (err) break;
        if (!bytes) {
            err = EINVAL;  // a buffer the device's segment limits cannot describe
            break;
        }
        {
            SpinLockGuard g(lock_);
            auto r = submit(type, sector, segs, n, b);
            if (r.is_error()) err = r.error();
            vq_.kick();
        }
        // Advance the start past the bytes this request took.
        for (u64 skip = bytes; skip;) {
            u64 here = pieces[pi].len - po < skip ? pieces[pi].len - po : skip;
            skip -= here;
            if ((po += here) == pieces[pi].len) ++pi, po = 0;
        }
        sector += bytes / fs::SECTOR_SIZE, left -= bytes;
    }
    {
        SpinLockGuard g(lock_);
        wait_batch(b);
    }
    if (err) return Error(err);
    if (b.error) return Error(b.error);
    return {};
}

Result<void> Blk::read(u64 sector, u32 count, void* buf) {
    Piece p{static_cast<u8*>(buf), u64(count) * fs::SECTOR_SIZE};
    return transfer(T_IN, sector, &p, 1);
}

Result<void> Blk::write(u64 sector, u32 count, const void* buf) {
    if (read_only()) return Error(EROFS);
    Piece p{static_cast<u8*>(const_cast<void*>(buf)), u64(count) * fs::SECTOR_SIZE};
    return transfer(T_OUT, sector, &p, 1);
}

// Pages a gathered transfer takes at once (the pieces live on the stack).
constexpr u32 GATHER = 64;

Result<void> Blk::read_pages(u64 sector, u8* const* pages, u32 n) {
    for (u32 done = 0; done < n;) {
        Piece pieces[GATHER];
        u32 k = n - done < GATHER ? n - done : GATHER;
        for (u32 i = 0; i < k; ++i) pieces[i] = Piece{pages[done + i], fs::PAGE_BYTES};
        TRY(transfer(T_IN, sector + u64(done) * fs::PAGE_SECTORS, pieces, k));
        done += k;
    }
    return {};
}

Result<void> Blk::write_pages(u64 sector, const u8* const* pages, u32 n) {
    if (read_only()) return Error(EROFS);
    for (u32 done = 0; done < n;) {
        Piece pieces[GATHER];
        u32 k = n - done < GATHER ? n - done : GATHER;
        for (u32 i = 0; i < k; ++i)
            pieces[i] = Piece{const_cast<u8*>(pages[done + i]), fs::PAGE_BYTES};
        TRY(transfer(T_OUT, sector + u64(done) * fs::PAGE_SECTORS, pieces, k));
        done += k;
    }
    return {};
}

Result<void> Blk::flush() {
    if (!(features_ & BLK_F_FLUSH)) return {};  // no write cache: completed writes are durable
    return simple(T_FLUSH, 0, nullptr, 0);
}

Result<void> Blk::discard(u64 sector, u64 count) {
    if (!(features_ & BLK_F_DISCARD)) return Error(EOPNOTSUPP);
    if (read_only()) return Error(EROFS);
    if (sector > capacity_ || count > capacity_ - sector) return Error(EIO);
    u64 max = max_discard_sectors_ ? max_discard_sectors_ : 0xffffffffu;
    while (count) {
        u32 n = u32(count < max ? count : max);
        Batch b;
        SpinLockGuard g(lock_);
        DiscardRange range{sector, n, 0};
        TRY(submit(T_DISCARD, 0, nullptr, 0, b, &range));
        vq_.kick();
        wait_batch(b);
        if (b.error) return Error(b.error);
        sector += n, count -= n;
    }
    return {};
}

}  // namespace virtio
