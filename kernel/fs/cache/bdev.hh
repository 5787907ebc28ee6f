// kernel/fs/cache/bdev.hh — a block device's pages in the page cache (Linux's bdev inode).
//
//   cache::BdevMapping* bm = TRY(cache::bdev_mapping(*dev));   // one per device, kept
//   cache::Page* p = TRY(cache::get_page(bm->mapping, sector / 8));
//
// Page n of the mapping holds sectors [8n, 8n + 8). File systems read their metadata
// through it (so it is cached, read ahead and reclaimed with everything else), and
// /dev/vda's reads and writes go through it as on Linux. Reads and writes of runs of
// pages become one gathered transfer of the device (read_pages/write_pages).
#pragma once

#include "fs/block/block_device.hh"
#include "fs/cache/page_cache.hh"

namespace cache {

struct BdevMapping {
    explicit BdevMapping(fs::BlockDevice& d);
    fs::BlockDevice& dev;
    Mapping mapping;
};

/// The mapping of @p dev, made (and the cache started) on the first call. ENOMEM.
Result<BdevMapping*> bdev_mapping(fs::BlockDevice& dev);

}  // namespace cache
