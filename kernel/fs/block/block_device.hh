// kernel/fs/block/block_device.hh — what a file system needs from a disk: blocks, read and written.
//
//   fs::BlockDevice& dev = ...;                 // virtio-blk in the kernel, a file on the host
//   TRY(dev.read(lba, 8, buf));                 // 8 sectors of 512 bytes from sector lba
//   TRY(dev.write(lba, 8, buf));
//   TRY(dev.flush());                           // everything written before is durable
//   TRY(dev.read_pages(lba, pages, 16));        // 16 separate 4 KiB buffers, one transfer
//
// Addresses and counts are in sectors of SECTOR_SIZE bytes. A write is not durable
// until a flush() that follows it returns; a journal orders its writes with flushes.
// Accesses past the end are EIO, as a disk reports them.
#pragma once

#include "lib/result.hh"
#include "lib/types.hh"

namespace fs {

constexpr u32 SECTOR_SIZE = 512;
/// The buffers of read_pages and write_pages: 4 KiB each, 8 sectors.
constexpr u32 PAGE_BYTES = 4096;
constexpr u32 PAGE_SECTORS = PAGE_BYTES / SECTOR_SIZE;

class BlockDevice {
public:
    virtual ~BlockDevice() = default;
    /// Size of the device in sectors.
    virtual u64 sector_count() const = 0;
    /// Reads @p count sectors from @p sector into @p buf.
    virtual Result<void> read(u64 sector, u32 count, void* buf) = 0;
    /// Writes @p count sectors from @p buf at @p sector.
    virtual Result<void> write(u64 sector, u32 count, const void* buf) = 0;
    /// Reads @p n * PAGE_SECTORS sectors from @p sector into @p n separate buffers of
    /// PAGE_BYTES each (a page cache's pages). A device that can gather does it as one
    /// transfer; this default reads page by page.
    virtual Result<void> read_pages(u64 sector, u8* const* pages, u32 n) {
        for (u32 i = 0; i < n; ++i)
            TRY(read(sector + u64(i) * PAGE_SECTORS, PAGE_SECTORS, pages[i]));
        return {};
    }
    /// Writes @p n buffers of PAGE_BYTES at @p sector, one after the other on the disk.
    virtual Result<void> write_pages(u64 sector, const u8* const* pages, u32 n) {
        for (u32 i = 0; i < n; ++i)
            TRY(write(sector + u64(i) * PAGE_SECTORS, PAGE_SECTORS, pages[i]));
        return {};
    }
    /// Makes every completed write durable.
    virtual Result<void> flush() = 0;
};

}  // namespace fs
