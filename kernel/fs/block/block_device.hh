// kernel/fs/block/block_device.hh — what a file system needs from a disk: blocks, read and written.
//
//   fs::BlockDevice& dev = ...;                 // virtio-blk in the kernel, a file on the host
//   TRY(dev.read(lba, 8, buf));                 // 8 sectors of 512 bytes from sector lba
//   TRY(dev.write(lba, 8, buf));
//   TRY(dev.flush());                           // everything written before is durable
//
// Addresses and counts are in sectors of SECTOR_SIZE bytes. A write is not durable
// until a flush() that follows it returns; a journal orders its writes with flushes.
// Accesses past the end are EIO, as a disk reports them.
#pragma once

#include "lib/result.hh"
#include "lib/types.hh"

namespace fs {

constexpr u32 SECTOR_SIZE = 512;

class BlockDevice {
public:
    virtual ~BlockDevice() = default;
    /// Size of the device in sectors.
    virtual u64 sector_count() const = 0;
    /// Reads @p count sectors from @p sector into @p buf.
    virtual Result<void> read(u64 sector, u32 count, void* buf) = 0;
    /// Writes @p count sectors from @p buf at @p sector.
    virtual Result<void> write(u64 sector, u32 count, const void* buf) = 0;
    /// Makes every completed write durable.
    virtual Result<void> flush() = 0;
};

}  // namespace fs
