// kernel/drivers/block/registry.cc — probing disks and naming them.
#include "drivers/block/registry.hh"

#include <atomic>

#include "arch/x86_64/irq.hh"

#include "drivers/block/partitions.hh"
#include "drivers/pci/pci.hh"
#include "drivers/virtio/blk.hh"
#include "lib/format.hh"
#include "lib/log.hh"
#include "lib/string.hh"
#include "mm/heap.hh"

namespace block {
namespace {

constexpr usize MAX_DEVICES = 64;

Device devices[MAX_DEVICES];
usize device_total = 0;
enum : int { NOT_PROBED, PROBING, PROBED };
std::atomic<int> probe_state{NOT_PROBED};

Device* add(const char* name, fs::BlockDevice* dev, const virtio::Blk& disk_dev, u32 disk,
            u32 partition) {
    if (device_total == MAX_DEVICES) {
        klog::warn("block: more than {} devices; {} left out", MAX_DEVICES, name);
        return nullptr;
    }
    Device& d = devices[device_total++];
    fmt::format_to(d.name, sizeof d.name, "{}", name);
    d.dev = dev;
    d.sectors = dev->sector_count();
    d.block_size = disk_dev.block_size();
    d.read_only = disk_dev.read_only();
    d.partition = partition;
    d.major = VIRTIO_BLK_MAJOR;
    d.minor = disk * 16 + partition;
    return &d;
}

void add_partitions(virtio::Blk& disk, u32 index) {
    PartitionEntry parts[MAX_PARTITIONS];
    auto n = read_partitions(disk, parts);
    if (n.is_error()) {
        klog::warn("block: {}: reading its partition table failed (errno {})", disk.name(),
                   n.error());
        return;
    }
    for (usize i = 0; i < n.value(); ++i) {
        if (parts[i].number > 15) continue;  // would take the minors of the next disk
        auto p = mm::make<Partition>(disk, parts[i]);
        if (p.is_error()) return;
        char name[16];
        fmt::format_to(name, sizeof name, "{}{}", disk.name(), parts[i].number);
        Device* d = add(name, p.value(), disk, index, parts[i].number);
        if (!d) return mm::destroy(p.value());
        klog::info("block: {}: sectors {}+{} (type {:#x})", d->name, parts[i].start,
                   parts[i].sectors, parts[i].mbr_type);
    }
}

void probe_all() {
    if (pci::init().is_error()) return;
    unsigned disks = 0;
    for (usize i = 0; i < pci::device_count(); ++i) {
        pci::Device* pd = pci::device(i);
        if (virtio::device_type(*pd) != 2) continue;
        char name[16];
        fmt::format_to(name, sizeof name, "vd{:c}", char('a' + disks));
        auto blk = virtio::Blk::probe(*pd, name);
        if (blk.is_error()) continue;
        Device* d = add(name, blk.value(), *blk.value(), disks, 0);
        if (!d) break;
        memcpy(d->serial, blk.value()->serial(), sizeof d->serial);
        add_partitions(*blk.value(), disks);
        ++disks;
        if (disks == 26) break;
    }
}

}  // namespace

usize probe() {
    // The first caller probes (which sleeps on disk reads, so no lock is held); others
    // wait until it is done, then see the whole list.
    int expected = NOT_PROBED;
    if (!probe_state.compare_exchange_strong(expected, PROBING)) {
        while (probe_state.load(std::memory_order_acquire) != PROBED) arch::cpu_relax();
        return device_total;
    }
    probe_all();
    probe_state.store(PROBED, std::memory_order_release);
    return device_total;
}

const Device* find(StrView name) {
    for (usize i = 0; i < device_total; ++i)
        if (StrView(devices[i].name) == name) return &devices[i];
    return nullptr;
}

const Device* find_by_serial(StrView serial) {
    for (usize i = 0; i < device_total; ++i)
        if (!devices[i].partition && StrView(devices[i].serial) == serial) return &devices[i];
    return nullptr;
}

usize count() { return device_total; }

usize format_proc_partitions(char* buf, usize size) {
    fmt::BufferSink out(buf, size);
    fmt::format(out, "major minor  #blocks  name\n\n");
    for (usize i = 0; i < device_total; ++i) {
        const Device& d = devices[i];
        fmt::format(out, "{:4}  {:7} {:10} {}\n", d.major, d.minor, d.sectors / 2, d.name);
    }
    return out.length();
}
const Device* at(usize index) { return index < device_total ? &devices[index] : nullptr; }

}  // namespace block
