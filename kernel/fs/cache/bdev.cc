// kernel/fs/cache/bdev.cc — block devices as page-cache mappings (bdev.hh).
#include "fs/cache/bdev.hh"

#include "lib/mutex.hh"
#include "lib/string.hh"
#include "mm/heap.hh"

namespace cache {
namespace {

constexpr usize MAX_DEVICES = 32;
BdevMapping* devices[MAX_DEVICES];
usize device_count = 0;
Mutex devices_lock{"bdev-mappings"};

BdevMapping& of(Mapping& m) { return *static_cast<BdevMapping*>(m.owner); }

// Pages past the end of the device read as zeros; a page the end cuts reads its part.
Result<void> read_pages(Mapping& m, u64 first, u32 count, u8* const* pages) {
    fs::BlockDevice& dev = of(m).dev;
    u64 whole = dev.sector_count() / fs::PAGE_SECTORS;
    u32 n = first >= whole ? 0 : (whole - first < count ? u32(whole - first) : count);
    if (n) TRY(dev.read_pages(first * fs::PAGE_SECTORS, pages, n));
    for (u32 i = n; i < count; ++i) {
        memset(pages[i], 0, PAGE_SIZE);
        u64 sector = (first + i) * fs::PAGE_SECTORS;
        if (sector < dev.sector_count()) {
            u32 left = u32(dev.sector_count() - sector);
            TRY(dev.read(sector, left, pages[i]));
        }
    }
    return {};
}

Result<void> write_pages(Mapping& m, u64 first, u32 count, const u8* const* pages) {
    fs::BlockDevice& dev = of(m).dev;
    u64 whole = dev.sector_count() / fs::PAGE_SECTORS;
    u32 n = first >= whole ? 0 : (whole - first < count ? u32(whole - first) : count);
    if (n) TRY(dev.write_pages(first * fs::PAGE_SECTORS, pages, n));
    if (n < count) {  // the part of a last page that the device has
        u64 sector = (first + n) * fs::PAGE_SECTORS;
        if (sector < dev.sector_count())
            TRY(dev.write(sector, u32(dev.sector_count() - sector), pages[n]));
    }
    return {};
}

const MappingOps bdev_ops{read_pages, write_pages};

}  // namespace

BdevMapping::BdevMapping(fs::BlockDevice& d) : dev(d), mapping(&bdev_ops, this) {
    mapping.size_pages = (d.sector_count() + fs::PAGE_SECTORS - 1) / fs::PAGE_SECTORS;
}

Result<BdevMapping*> bdev_mapping(fs::BlockDevice& dev) {
    TRY(init());
    MutexGuard g(devices_lock);
    for (usize i = 0; i < device_count; ++i)
        if (&devices[i]->dev == &dev) return devices[i];
    if (device_count == MAX_DEVICES) return Error(ENOMEM);
    BdevMapping* bm = TRY(mm::make<BdevMapping>(dev));
    devices[device_count++] = bm;
    return bm;
}

}  // namespace cache
