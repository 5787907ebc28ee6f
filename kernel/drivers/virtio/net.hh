// kernel/drivers/virtio/net.hh — virtio-net: an Ethernet card on the virtio 1.x PCI transport.
//
//   Net* nic = TRY(Net::probe(pci_dev, "eth0"));
//   nic->start(on_frame, ctx);                  // receive thread: on_frame(ctx, frame, len)
//   TRY(nic->send(parts, n));                   // one frame from n pieces (copied)
//
// Queue 0 receives, queue 1 transmits; both interrupt on MSI-X entry 0. Every receive
// buffer is 2 KiB (a 12-byte virtio_net_hdr, then a frame of at most 1514 bytes: no
// offloads are negotiated, so lwIP computes every checksum in software), and up to 64
// are in flight at once. The interrupt handler only reclaims finished transmissions and
// wakes the receive thread, which hands the frames to the stack outside interrupt
// context (the stack sleeps on its own lock). The link state is the STATUS field of the
// device configuration, read at each interrupt.
#pragma once

#include "drivers/virtio/virtqueue.hh"
#include "lib/spinlock.hh"
#include "proc/wait_queue.hh"

namespace virtio {

/// Network feature bits (virtio 1.2, 5.1.3).
constexpr u64 NET_F_MAC = 1ull << 5;
constexpr u64 NET_F_STATUS = 1ull << 16;

/// One piece of an outgoing frame.
struct FramePart {
    const void* data;
    usize len;
};

class Net {
public:
    /// What the receive thread calls for each frame (Ethernet header first).
    using RxFn = void (*)(void* ctx, const u8* frame, usize len);

    static constexpr u16 RX_BUFFERS = 64;
    static constexpr u16 TX_SLOTS = 64;
    static constexpr usize BUF_SIZE = 2048;
    static constexpr usize HDR_SIZE = 12;  // virtio_net_hdr with num_buffers (VERSION_1)
    static constexpr usize MAX_FRAME = 1514;

    /// Sets up the virtio-net function @p d (@p name for the log). ENODEV when it is not
    /// usable (no MSI-X, too few descriptors), ENOMEM.
    static Result<Net*> probe(pci::Device& d, const char* name);
    /// Fills the receive queue and starts the receive thread, which calls @p fn(@p ctx,
    /// frame, length) for each received frame. ENOMEM.
    Result<void> start(RxFn fn, void* ctx);
    /// Sends one frame made of @p n parts (copied: the parts may go when it returns).
    /// Sleeps while every transmit slot is in use. EMSGSIZE past MAX_FRAME, EIO when
    /// the device is broken.
    Result<void> send(const FramePart* parts, usize n);

    const u8* mac() const { return mac_; }
    const char* name() const { return name_; }
    /// Whether the link is up (STATUS's LINK_UP; always up without NET_F_STATUS).
    bool link_up() const { return link_up_; }
    /// Frames received and sent since start, and the receive buffers posted now.
    u64 rx_frames() const { return rx_frames_; }
    u64 tx_frames() const { return tx_frames_; }
    u16 rx_posted() const { return rx_posted_; }

private:
    Result<void> setup(pci::Device& d);
    /// Posts receive buffer @p i (lock_ held).
    void post_rx(u16 i);
    void read_link();
    void on_interrupt();
    static void interrupt(void* self);
    static void rx_thread(void* self);
    void rx_loop();

    char name_[16] = {};
    Transport t_;
    Virtqueue rxq_, txq_;
    u64 features_ = 0;
    u8 vector_ = 0;
    u8 mac_[6] = {};
    bool link_up_ = true;
    paddr_t rx_dma_ = 0, tx_dma_ = 0;  // RX_BUFFERS (TX_SLOTS) buffers of BUF_SIZE
    u16 rx_head_of_[RX_BUFFERS] = {};  // per buffer: its chain's head while posted
    bool tx_busy_[TX_SLOTS] = {};
    u16 tx_head_of_[TX_SLOTS] = {};
    u16 rx_posted_ = 0;
    u64 rx_frames_ = 0, tx_frames_ = 0;
    bool rx_pending_ = false;  // the interrupt saw receive work

    RxFn rx_fn_ = nullptr;
    void* rx_ctx_ = nullptr;
    SpinLock lock_{"virtio-net", lock_rank::SLEEP};  // both queues and the fields above
    proc::WaitQueue rx_wait_;                        // the receive thread
    proc::WaitQueue tx_wait_;                        // senders waiting for a slot
};

}  // namespace virtio
