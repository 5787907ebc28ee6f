// kernel/drivers/virtio/pci_transport.hh — the virtio 1.x PCI transport (the "modern" one).
//
//   virtio::Transport t;
//   TRY(t.attach(dev, "vda"));                         // finds and maps the capabilities
//   u64 f = TRY(t.negotiate(VIRTIO_BLK_F_FLUSH));      // reset, ACK, DRIVER, FEATURES_OK
//   ... set up the queues (virtqueue.hh), then
//   t.driver_ok();
//
// A modern device describes its register blocks with vendor-specific PCI capabilities
// (cfg_type 1 common configuration, 2 notifications, 3 ISR status, 4 device-specific
// configuration), each a window in one of its BARs. A device with none of them is
// legacy-only (virtio 0.9.5, I/O ports): it is refused with a log line. VERSION_1 is
// required of every device; ACCESS_PLATFORM and the packed ring are never accepted.
// Interrupts are MSI-X (entry 0 for every queue); the configuration-change interrupt is
// left unassigned. What the device reports is input: nonsense is a log line and an
// error, and the device is marked FAILED.
#pragma once

#include "drivers/pci/pci.hh"
#include "lib/result.hh"

namespace virtio {

/// Device-independent feature bits.
constexpr u64 F_INDIRECT_DESC = 1ull << 28;
constexpr u64 F_RING_EVENT_IDX = 1ull << 29;
constexpr u64 F_VERSION_1 = 1ull << 32;
constexpr u64 F_ACCESS_PLATFORM = 1ull << 33;
constexpr u64 F_RING_PACKED = 1ull << 34;

/// Device status bits.
constexpr u8 S_ACKNOWLEDGE = 1, S_DRIVER = 2, S_DRIVER_OK = 4, S_FEATURES_OK = 8;
constexpr u8 S_NEEDS_RESET = 64, S_FAILED = 128;

/// "No MSI-X vector" in the common configuration.
constexpr u16 NO_VECTOR = 0xffff;

/// The virtio device id (2 = block, 1 = network) of a PCI function, 0 when it is not a
/// virtio device. Transitional ids (0x1000-0x103f) give their subsystem id.
u16 device_type(const pci::Device& d);

class Transport {
public:
    /// Finds and maps the common, notify, ISR and device configuration windows of @p d
    /// (@p name for the log). ENODEV for a legacy-only device or missing windows.
    Result<void> attach(pci::Device& d, const char* name);

    /// Resets the device, acknowledges it and agrees on features: what it offers of
    /// @p wanted, plus VERSION_1, which it must offer (else ENODEV). EIO when it does
    /// not accept them (FEATURES_OK does not stick). Returns the agreed set.
    Result<u64> negotiate(u64 wanted);

    /// The number of queues the device has.
    u16 num_queues();
    /// The largest size of queue @p q (0: the queue is not available).
    u16 queue_max_size(u16 q);
    /// Gives queue @p q its size, ring addresses and MSI-X entry and enables it; returns
    /// the address to write @p q to when notifying it. EIO when the device refuses the
    /// vector or the notify window does not cover the queue's offset.
    Result<volatile u16*> enable_queue(u16 q, u16 size, paddr_t desc, paddr_t avail, paddr_t used,
                                       u16 msix_entry);

    /// Sets DRIVER_OK: the device may start using its queues.
    void driver_ok();
    /// Sets FAILED (the driver gave up) after logging @p why.
    void fail(const char* why);
    /// Resets the device (all queues forgotten; DMA stops).
    void reset();
    /// True when the device wants a reset (it is confused).
    bool needs_reset();

    /// Reads device-specific configuration (4 bytes at most per call, aligned), retried
    /// until the configuration generation is stable. Reads past the window give 0.
    u32 config32(u32 off);
    u16 config16(u32 off);
    u8 config8(u32 off);
    u64 config64(u32 off);

    pci::Device* pci() const { return dev_; }
    const char* name() const { return name_; }

private:
    struct Window {
        volatile u8* at = nullptr;
        u32 length = 0;
    };
    Result<Window> map_window(u8 cap, u32 min_length);
    u8 status();
    void set_status(u8 s);

    pci::Device* dev_ = nullptr;
    const char* name_ = "virtio";
    Window common_, notify_, isr_, device_;
    u32 notify_multiplier_ = 0;
};

}  // namespace virtio
