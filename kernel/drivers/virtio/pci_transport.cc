// kernel/drivers/virtio/pci_transport.cc — capabilities, the status handshake, features.
//
// The vendor capability (id 0x09) of virtio: +3 cfg_type, +4 BAR, +8 offset, +12 length
// (and, for notifications, +16 the multiplier of a queue's notify offset). The common
// configuration is a fixed layout (offsets below, virtio 1.2 section 4.1.4.3); 64-bit
// fields are written as two 32-bit halves, which the specification allows.
#include "drivers/virtio/pci_transport.hh"

#include "lib/log.hh"

namespace virtio {
namespace {

// Common configuration offsets.
constexpr u32 DEVICE_FEATURE_SELECT = 0, DEVICE_FEATURE = 4;
constexpr u32 DRIVER_FEATURE_SELECT = 8, DRIVER_FEATURE = 12;
constexpr u32 MSIX_CONFIG = 16, NUM_QUEUES = 18, DEVICE_STATUS = 20, CONFIG_GENERATION = 21;
constexpr u32 QUEUE_SELECT = 22, QUEUE_SIZE = 24, QUEUE_MSIX_VECTOR = 26, QUEUE_ENABLE = 28;
constexpr u32 QUEUE_NOTIFY_OFF = 30, QUEUE_DESC = 32, QUEUE_DRIVER = 40, QUEUE_DEVICE = 48;
constexpr u32 COMMON_LENGTH = 56;

constexpr u8 CAP_COMMON = 1, CAP_NOTIFY = 2, CAP_ISR = 3, CAP_DEVICE = 4;

template <typename T>
T rd(volatile u8* base, u32 off) {
    return *reinterpret_cast<volatile T*>(base + off);
}
template <typename T>
void wr(volatile u8* base, u32 off, T v) {
    *reinterpret_cast<volatile T*>(base + off) = v;
}

}  // namespace

u16 device_type(const pci::Device& d) {
    if (d.vendor != 0x1af4) return 0;
    if (d.device >= 0x1040 && d.device <= 0x107f) return u16(d.device - 0x1040);
    if (d.device >= 0x1000 && d.device <= 0x103f) return d.read16(0x2e);
    return 0;
}

// The first capability of @p type whose window is in a usable BAR.
Result<Transport::Window> Transport::map_window(u8 type, u32 min_length) {
    for (u8 cap = 0; (cap = pci::find_capability(*dev_, pci::cfg::CAP_VENDOR, cap));) {
        if (dev_->read8(cap + 3) != type) continue;
        u8 bar = dev_->read8(cap + 4);
        u32 offset = dev_->read32(cap + 8), length = dev_->read32(cap + 12);
        if (bar >= 6) continue;  // a BAR index the spec reserves: look for another
        const pci::Bar& b = dev_->bars[bar];
        if (u64(offset) + length > b.size || length < min_length) {
            klog::warn(
                "virtio {}: capability type {} (BAR{} +{:#x}, {} bytes) does not fit its "
                "BAR of {} bytes",
                name_, type, bar, offset, length, b.size);
            return Error(ENODEV);
        }
        volatile u8* base = TRY(pci::map_bar(*dev_, bar));
        if (type == CAP_NOTIFY) notify_multiplier_ = dev_->read32(cap + 16);
        return Window{base + offset, length};
    }
    return Error(ENOENT);
}

Result<void> Transport::attach(pci::Device& d, const char* name) {
    dev_ = &d;
    name_ = name;
    auto common = map_window(CAP_COMMON, COMMON_LENGTH);
    if (common.is_error() && common.error() == ENOENT) {
        klog::warn(
            "virtio {}: {:02x}:{:02x}.{} {:04x}:{:04x} has no virtio 1.0 capabilities: a "
            "legacy-only device, not supported",
            name, d.bus, d.dev, d.fn, d.vendor, d.device);
        return Error(ENODEV);
    }
    if (common.is_error()) return Error(common.error());
    common_ = common.value();
    auto notify = map_window(CAP_NOTIFY, 2);
    auto isr = map_window(CAP_ISR, 1);
    auto device = map_window(CAP_DEVICE, 0);
    if (notify.is_error() || isr.is_error()) {
        klog::warn("virtio {}: the {} capability is missing or broken; device not used", name,
                   notify.is_error() ? "notify" : "ISR");
        return Error(ENODEV);
    }
    notify_ = notify.value();
    isr_ = isr.value();
    if (!device.is_error()) device_ = device.value();
    pci::enable(d);
    return {};
}

u8 Transport::status() { return rd<u8>(common_.at, DEVICE_STATUS); }
void Transport::set_status(u8 s) { wr<u8>(common_.at, DEVICE_STATUS, s); }

void Transport::reset() {
    set_status(0);
    // The device is reset once it reads back 0 (bounded: a device that never does is
    // logged and left alone).
    for (int i = 0; i < 1000000 && status() != 0; ++i) asm volatile("pause");
    if (status() != 0) klog::warn("virtio {}: the device does not finish its reset", name_);
}

bool Transport::needs_reset() { return status() & S_NEEDS_RESET; }

void Transport::fail(const char* why) {
    klog::warn("virtio {}: {}; device marked FAILED", name_, why);
    set_status(status() | S_FAILED);
}

Result<u64> Transport::negotiate(u64 wanted) {
    reset();
    set_status(S_ACKNOWLEDGE);
    set_status(S_ACKNOWLEDGE | S_DRIVER);
    u64 offered = 0;
    for (u32 half = 0; half < 2; ++half) {
        wr<u32>(common_.at, DEVICE_FEATURE_SELECT, half);
        offered |= u64(rd<u32>(common_.at, DEVICE_FEATURE)) << (32 * half);
    }
    if (!(offered & F_VERSION_1)) {
        fail("the device does not offer VERSION_1 (legacy-only)");
        return Error(ENODEV);
    }
    u64 agreed = offered & ((wanted | F_VERSION_1) & ~(F_ACCESS_PLATFORM | F_RING_PACKED));
    for (u32 half = 0; half < 2; ++half) {
        wr<u32>(common_.at, DRIVER_FEATURE_SELECT, half);
        wr<u32>(common_.at, DRIVER_FEATURE, u32(agreed >> (32 * half)));
    }
    set_status(S_ACKNOWLEDGE | S_DRIVER | S_FEATURES_OK);
    if (!(status() & S_FEATURES_OK)) {
        fail("the device did not accept the features");
        return Error(EIO);
    }
    wr<u16>(common_.at, MSIX_CONFIG, NO_VECTOR);
    klog::info("virtio {}: features offered {:#x}, agreed {:#x}", name_, offered, agreed);
    return agreed;
}

u16 Transport::num_queues() { return rd<u16>(common_.at, NUM_QUEUES); }

u16 Transport::queue_max_size(u16 q) {
    wr<u16>(common_.at, QUEUE_SELECT, q);
    return rd<u16>(common_.at, QUEUE_SIZE);
}

Result<volatile u16*> Transport::enable_queue(u16 q, u16 size, paddr_t desc, paddr_t avail,
                                              paddr_t used, u16 msix_entry) {
    wr<u16>(common_.at, QUEUE_SELECT, q);
    wr<u16>(common_.at, QUEUE_SIZE, size);
    wr<u32>(common_.at, QUEUE_DESC, u32(desc));
    wr<u32>(common_.at, QUEUE_DESC + 4, u32(desc >> 32));
    wr<u32>(common_.at, QUEUE_DRIVER, u32(avail));
    wr<u32>(common_.at, QUEUE_DRIVER + 4, u32(avail >> 32));
    wr<u32>(common_.at, QUEUE_DEVICE, u32(used));
    wr<u32>(common_.at, QUEUE_DEVICE + 4, u32(used >> 32));
    wr<u16>(common_.at, QUEUE_MSIX_VECTOR, msix_entry);
    if (rd<u16>(common_.at, QUEUE_MSIX_VECTOR) != msix_entry) {
        fail("the device refused the queue's MSI-X vector");
        return Error(EIO);
    }
    u64 off = u64(rd<u16>(common_.at, QUEUE_NOTIFY_OFF)) * notify_multiplier_;
    if (off + 2 > notify_.length) {
        fail("the queue's notify offset is outside the notify window");
        return Error(EIO);
    }
    wr<u16>(common_.at, QUEUE_ENABLE, 1);
    return reinterpret_cast<volatile u16*>(notify_.at + off);
}

void Transport::driver_ok() { set_status(status() | S_DRIVER_OK); }

u32 Transport::config32(u32 off) {
    if (u64(off) + 4 > device_.length) return 0;
    for (;;) {
        u8 gen = rd<u8>(common_.at, CONFIG_GENERATION);
        u32 v = rd<u32>(device_.at, off);
        if (rd<u8>(common_.at, CONFIG_GENERATION) == gen) return v;
    }
}

u16 Transport::config16(u32 off) {
    if (u64(off) + 2 > device_.length) return 0;
    return rd<u16>(device_.at, off);
}

u8 Transport::config8(u32 off) {
    if (u64(off) + 1 > device_.length) return 0;
    return rd<u8>(device_.at, off);
}

u64 Transport::config64(u32 off) {
    if (u64(off) + 8 > device_.length) return 0;
    for (;;) {
        u8 gen = rd<u8>(common_.at, CONFIG_GENERATION);
        u64 v = u64(rd<u32>(device_.at, off)) | u64(rd<u32>(device_.at, off + 4)) << 32;
        if (rd<u8>(common_.at, CONFIG_GENERATION) == gen) return v;
    }
}

}  // namespace virtio
