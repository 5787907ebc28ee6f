// kernel/drivers/virtio/net.cc — virtio-net: setup, the receive thread, transmission, the interrupt.
//
// Device configuration (virtio 1.2, 5.1.4): mac[6] at 0 (NET_F_MAC), status (u16) at 6
// (NET_F_STATUS; bit 0 LINK_UP). Buffer i of the receive area (rx_dma_) and slot i of
// the transmit area (tx_dma_) are BUF_SIZE bytes at i * BUF_SIZE; each starts with the
// 12-byte header, all zero on transmit (no offload asked for).
#include "drivers/virtio/net.hh"

#include "arch/x86_64/irq_vectors.hh"
#include "arch/x86_64/lapic.hh"
#include "drivers/pci/msix.hh"
#include "lib/log.hh"
#include "lib/string.hh"
#include "mm/heap.hh"
#include "mm/layout.hh"
#include "mm/physmem.hh"
#include "proc/kthread.hh"
#include "proc/random.hh"
#include "proc/sched.hh"
#include "proc/table.hh"

namespace virtio {

namespace {
constexpr u32 CFG_MAC = 0, CFG_STATUS = 6;
constexpr u16 STATUS_LINK_UP = 1;
constexpr u16 RXQ = 0, TXQ = 1;
constexpr u16 NOT_POSTED = 0xffff;
// RX_BUFFERS and TX_SLOTS buffers of BUF_SIZE bytes: 128 KiB, 32 pages each.
constexpr unsigned AREA_ORDER = 5;
static_assert(Net::RX_BUFFERS * Net::BUF_SIZE == (mm::PAGE_SIZE << AREA_ORDER));
static_assert(Net::TX_SLOTS * Net::BUF_SIZE == (mm::PAGE_SIZE << AREA_ORDER));
}  // namespace

Result<Net*> Net::probe(pci::Device& d, const char* name) {
    Net* n = TRY(mm::make<Net>());
    usize len = strlen(name) < sizeof n->name_ - 1 ? strlen(name) : sizeof n->name_ - 1;
    memcpy(n->name_, name, len);
    Result<void> r = n->setup(d);
    if (r.is_error()) {
        if (n->t_.pci()) n->t_.reset();
        if (n->vector_) irqvec::free(n->vector_);
        if (n->rx_dma_) mm::free_pages(n->rx_dma_, AREA_ORDER);
        if (n->tx_dma_) mm::free_pages(n->tx_dma_, AREA_ORDER);
        mm::destroy(n);
        return Error(r.error());
    }
    return n;
}

Result<void> Net::setup(pci::Device& d) {
    TRY(t_.attach(d, name_));
    features_ = TRY(t_.negotiate(NET_F_MAC | NET_F_STATUS));
    if (t_.num_queues() < 2) {
        t_.fail("fewer than 2 queues");
        return Error(ENODEV);
    }
    if (pci::msix_enable(d).is_error()) {
        t_.fail("no usable MSI-X (INTx is not supported)");
        return Error(ENODEV);
    }
    vector_ = TRY(irqvec::alloc(interrupt, this, "virtio-net"));
    TRY(pci::msix_route(d, 0, vector_, lapic::id()));
    TRY(rxq_.init(t_, RXQ, 0));
    TRY(txq_.init(t_, TXQ, 0));
    if (rxq_.size() < 2 || txq_.size() < 2) {
        t_.fail("queues of fewer than 2 descriptors");
        return Error(ENODEV);
    }
    rx_dma_ = TRY(mm::alloc_pages_zeroed(AREA_ORDER));
    tx_dma_ = TRY(mm::alloc_pages_zeroed(AREA_ORDER));
    if (features_ & NET_F_MAC) {
        for (u32 i = 0; i < 6; ++i) mac_[i] = t_.config8(CFG_MAC + i);
    } else {
        proc::random_bytes(mac_, sizeof mac_);
        mac_[0] = u8((mac_[0] & 0xfe) | 0x02);  // unicast, locally administered
    }
    read_link();
    t_.driver_ok();
    klog::info(
        "virtio {}: mac {:02x}:{:02x}:{:02x}:{:02x}:{:02x}:{:02x}, link {}, queues {}/{}, "
        "vector {:#x}",
        name_, mac_[0], mac_[1], mac_[2], mac_[3], mac_[4], mac_[5], link_up_ ? "up" : "down",
        rxq_.size(), txq_.size(), vector_);
    return {};
}

void Net::read_link() {
    if (features_ & NET_F_STATUS) link_up_ = t_.config16(CFG_STATUS) & STATUS_LINK_UP;
}

void Net::post_rx(u16 i) {
    Segment s{rx_dma_ + i * BUF_SIZE, u32(BUF_SIZE), true};
    auto head = rxq_.push(&s, 1);
    if (head.is_error()) {  // the queue is smaller than RX_BUFFERS: this one stays out
        rx_head_of_[i] = NOT_POSTED;
        return;
    }
    rx_head_of_[i] = head.value();
    ++rx_posted_;
}

Result<void> Net::start(RxFn fn, void* ctx) {
    {
        SpinLockGuard g(lock_);
        rx_fn_ = fn;
        rx_ctx_ = ctx;
        for (u16 i = 0; i < RX_BUFFERS; ++i) post_rx(i);
        rxq_.kick();
    }
    proc::Task* t = TRY(proc::kthread_create("virtio-net-rx", rx_thread, this));
    proc::task_put(t);
    return {};
}

void Net::rx_thread(void* self) { static_cast<Net*>(self)->rx_loop(); }

void Net::rx_loop() {
    for (;;) {
        // Take the finished buffers off the ring, then hand them up without the lock.
        u16 done[RX_BUFFERS];
        u32 lens[RX_BUFFERS];
        usize n = 0;
        {
            SpinLockGuard g(lock_);
            while (!rx_pending_) proc::sleep_on(rx_wait_, lock_);
            rx_pending_ = false;
            while (n < RX_BUFFERS) {
                auto u = rxq_.pop();
                if (!u) break;
                rxq_.free_chain(u->head);
                --rx_posted_;
                for (u16 i = 0; i < RX_BUFFERS; ++i) {
                    if (rx_head_of_[i] != u->head) continue;
                    rx_head_of_[i] = NOT_POSTED;
                    done[n] = i;
                    lens[n] = u->len;
                    ++n;
                    break;
                }
            }
            if (n == RX_BUFFERS) rx_pending_ = true;  // more may be waiting
        }
        for (usize k = 0; k < n; ++k) {
            const u8* buf = mm::phys_to_virt<const u8>(rx_dma_ + done[k] * BUF_SIZE);
            if (lens[k] <= HDR_SIZE || lens[k] > BUF_SIZE) {
                klog::warn("virtio {}: a received buffer of {} bytes dropped", name_, lens[k]);
                continue;
            }
            ++rx_frames_;
            rx_fn_(rx_ctx_, buf + HDR_SIZE, lens[k] - HDR_SIZE);
        }
        SpinLockGuard g(lock_);
        for (usize k = 0; k < n; ++k) post_rx(done[k]);
        if (n) rxq_.kick();
    }
}

Result<void> Net::send(const FramePart* parts, usize n) {
    usize total = 0;
    for (usize i = 0; i < n; ++i) total += parts[i].len;
    if (total > MAX_FRAME) return Error(EMSGSIZE);
    proc::may_sleep("virtio-net send");
    SpinLockGuard g(lock_);
    for (;;) {
        if (txq_.broken()) return Error(EIO);
        for (u16 slot = 0; slot < TX_SLOTS; ++slot) {
            if (tx_busy_[slot]) continue;
            u8* buf = mm::phys_to_virt<u8>(tx_dma_ + slot * BUF_SIZE);
            memset(buf, 0, HDR_SIZE);
            usize at = HDR_SIZE;
            for (usize i = 0; i < n; ++i) {
                memcpy(buf + at, parts[i].data, parts[i].len);
                at += parts[i].len;
            }
            Segment s{tx_dma_ + slot * BUF_SIZE, u32(at), false};
            auto head = txq_.push(&s, 1);
            if (head.is_error()) break;  // no descriptor: wait for completions
            tx_busy_[slot] = true;
            tx_head_of_[slot] = head.value();
            ++tx_frames_;
            txq_.kick();
            return {};
        }
        proc::sleep_on(tx_wait_, lock_);
    }
}

void Net::interrupt(void* self) { static_cast<Net*>(self)->on_interrupt(); }

void Net::on_interrupt() {
    SpinLockGuard g(lock_);
    while (auto u = txq_.pop()) {
        txq_.free_chain(u->head);
        for (u16 slot = 0; slot < TX_SLOTS; ++slot) {
            if (!tx_busy_[slot] || tx_head_of_[slot] != u->head) continue;
            tx_busy_[slot] = false;
            break;
        }
    }
    proc::wake_all(tx_wait_);
    rx_pending_ = true;
    proc::wake_all(rx_wait_);
    read_link();
}

}  // namespace virtio
