// labs/06-ext4/ktests/virtio_nonsense.cc — a virtio device that reports nonsense gets log
// lines and errors, never a panic.
//
// The "device" is memory: a page stands for its PCI configuration space (with a
// capability list the test writes) and another for its BAR, so every register reads
// back what was last written there. Cases: no virtio capabilities (legacy-only), a
// window larger than its BAR, no notify window, no VERSION_1 feature, a queue of size
// 0 and one of size 6, and a used ring naming a descriptor that is not in flight (and
// one whose index runs ahead). Run by grading/selftest/test_virtio_disk.py.
#include "drivers/pci/pci.hh"
#include "drivers/virtio/virtqueue.hh"
#include "lib/string.hh"
#include "mm/kernel_tables.hh"
#include "mm/layout.hh"
#include "mm/physmem.hh"
#include "test/ktest.hh"

namespace {

constexpr u32 BAR_SIZE = 4096;
// Common configuration offsets the test plays the device's part in.
constexpr u32 DEVICE_FEATURE = 4, QUEUE_SIZE = 24, QUEUE_DEVICE = 48;

struct FakeDevice {
    paddr_t config_pa = 0, bar_pa = 0;
    pci::Device dev;
    u8* cfg() { return mm::phys_to_virt<u8>(config_pa); }
    u8* bar() { return mm::phys_to_virt<u8>(bar_pa); }

    bool make() {
        auto c = mm::alloc_pages_zeroed(0);
        auto b = mm::alloc_pages_zeroed(0);
        if (c.is_error() || b.is_error()) return false;
        config_pa = c.value(), bar_pa = b.value();
        dev.vendor = 0x1af4, dev.device = 0x1042;
        dev.config = cfg();
        dev.bars[0] = pci::Bar{pci::Bar::MEM32, false, bar_pa, BAR_SIZE};
        cfg()[pci::cfg::STATUS] = pci::cfg::STATUS_CAP_LIST;
        cfg()[pci::cfg::CAP_PTR] = 0x40;
        return true;
    }
    ~FakeDevice() {
        // The transport mapped the BAR page uncached: that alias goes before the page.
        if (dev.mapped[0])
            (void)mm::kernel_unmap(
                align_down(reinterpret_cast<vaddr_t>(dev.mapped[0]), mm::PAGE_SIZE), mm::PAGE_SIZE);
        if (config_pa) mm::free_pages(config_pa, 0);
        if (bar_pa) mm::free_pages(bar_pa, 0);
    }
    // The capability at @p at: cfg_type @p type, BAR 0 window [offset, offset + length).
    void cap(u8 at, u8 next, u8 type, u32 offset, u32 length) {
        u8* p = cfg() + at;
        p[0] = pci::cfg::CAP_VENDOR, p[1] = next, p[2] = 20, p[3] = type, p[4] = 0;
        memcpy(p + 8, &offset, 4);
        memcpy(p + 12, &length, 4);
        u32 multiplier = 2;
        memcpy(p + 16, &multiplier, 4);
    }
    void all_caps() {
        cap(0x40, 0x54, 1, 0x000, 64);
        cap(0x54, 0x68, 2, 0x100, 64);
        cap(0x68, 0x7c, 3, 0x200, 4);
        cap(0x7c, 0x00, 4, 0x300, 64);
    }
    template <typename T>
    void set(u32 off, T v) {
        memcpy(bar() + off, &v, sizeof v);
    }
};

}  // namespace

KTEST("06-ext4", virtio_nonsense) {
    {
        FakeDevice f;
        if (!f.make()) return t.fail("no memory");
        f.cfg()[pci::cfg::CAP_PTR] = 0;  // no capabilities at all: legacy-only
        virtio::Transport tr;
        t.expect(tr.attach(f.dev, "fake-legacy").is_error(), "a legacy-only device was accepted");
    }
    {
        FakeDevice f;
        if (!f.make()) return t.fail("no memory");
        f.all_caps();
        f.cap(0x40, 0x54, 1, 0x000, 2 * BAR_SIZE);  // common window larger than the BAR
        virtio::Transport tr;
        t.expect(tr.attach(f.dev, "fake-big").is_error(), "a window past its BAR was accepted");
    }
    {
        FakeDevice f;
        if (!f.make()) return t.fail("no memory");
        f.all_caps();
        f.cfg()[0x40 + 1] = 0x68;  // the list skips the notify capability
        virtio::Transport tr;
        t.expect(tr.attach(f.dev, "fake-nonotify").is_error(),
                 "a device without notify was accepted");
    }
    FakeDevice f;
    if (!f.make()) return t.fail("no memory");
    f.all_caps();
    virtio::Transport tr;
    if (tr.attach(f.dev, "fake").is_error()) return t.fail("a well-formed fake was refused");
    f.set<u32>(DEVICE_FEATURE, 0);  // no VERSION_1 in either half
    t.expect(tr.negotiate(0).is_error(), "a device without VERSION_1 was accepted");
    f.set<u32>(DEVICE_FEATURE, 1);  // VERSION_1 is bit 32: both halves read 1 here
    if (tr.negotiate(0).is_error()) return t.fail("negotiation with the fake failed");
    {
        virtio::Virtqueue q;
        f.set<u16>(QUEUE_SIZE, 0);
        t.expect(q.init(tr, 0, 0).is_error(), "a queue of size 0 was accepted");
        f.set<u16>(QUEUE_SIZE, 6);
        t.expect(q.init(tr, 0, 0).is_error(), "a queue of size 6 was accepted");
    }
    for (u32 bad : {77u, 3u}) {  // out of range; in range but not in flight
        virtio::Virtqueue q;
        f.set<u16>(QUEUE_SIZE, 8);
        if (q.init(tr, 0, 0).is_error()) return t.fail("a queue of size 8 was refused");
        virtio::Segment seg{f.bar_pa + 0x800, 16, true};
        auto head = q.push(&seg, 1);
        if (head.is_error()) return t.fail("push failed");
        q.kick();
        u64 used_pa;
        memcpy(&used_pa, f.bar() + QUEUE_DEVICE, 8);
        auto* used = mm::phys_to_virt<u8>(used_pa);
        memcpy(used + 4, &bad, 4);  // ring[0].id
        u16 idx = 1;
        memcpy(used + 2, &idx, 2);
        t.expect(!q.pop().has_value(), "a used id that is not in flight was returned");
        t.expect(q.broken(), "the queue is not marked broken");
        t.expect(q.push(&seg, 1).is_error(), "a broken queue takes new requests");
    }
    {
        virtio::Virtqueue q;
        if (q.init(tr, 0, 0).is_error()) return t.fail("a queue of size 8 was refused");
        u64 used_pa;
        memcpy(&used_pa, f.bar() + QUEUE_DEVICE, 8);
        u16 idx = 200;  // far ahead of anything made available
        memcpy(mm::phys_to_virt<u8>(used_pa) + 2, &idx, 2);
        t.expect(!q.pop().has_value() && q.broken(), "a used index running ahead was accepted");
    }
    tr.reset();
}
