// tests/unit/ext4_cache_test.cc — the ext4 metadata cache: dirty tracking, forget, evict.
// UNIT_SOURCES: kernel/fs/ext4/cache.cc kernel/lib/format.cc kernel/lib/errno.cc tests/unit/host/malloc_heap.cc tests/unit/host/file_block_device.cc
#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include <vector>

#include "fs/ext4/cache.hh"
#include "host/file_block_device.hh"

namespace {
std::vector<u8> disk(64 * 1024, 0x5A);
}

Test(ext4_cache, dirty_blocks_are_listed_and_cleared) {
    MemoryBlockDevice dev(disk.data(), disk.size());
    ext4::BlockCache cache(dev, 1024);
    u8* a = cache.get(3).value();
    cr_assert(eq(u8, a[0], 0x5A));
    a[0] = 1;
    cache.mark_dirty(3);
    cr_assert(cache.get_new(7).has_value());
    cr_assert(eq(sz, cache.dirty_count(), 2));
    int seen = 0;
    cr_assert(cache
                  .for_each_dirty([&](u64 b, u8*) -> Result<void> {
                      seen += static_cast<int>(b);
                      return {};
                  })
                  .has_value());
    cr_assert(eq(int, seen, 10));
    cache.clear_dirty();
    cr_assert(eq(sz, cache.dirty_count(), 0));
    cr_assert(eq(u64, dev.writes, 0));
}

// The fuzzer found it: on a corrupted disk, freeing a file's blocks can free the very
// bitmap block that free_blocks holds. A forgotten block's bytes must stay readable
// until the next evict() (ASan reports a use after free otherwise).
Test(ext4_cache, forgotten_blocks_stay_valid_until_evict) {
    MemoryBlockDevice dev(disk.data(), disk.size());
    ext4::BlockCache cache(dev, 1024);
    u8* held = cache.get(5).value();
    cache.mark_dirty(5);
    cache.forget(5);
    cr_assert(eq(sz, cache.dirty_count(), 0));
    cr_assert(eq(u8, held[100], 0x5A));
    held[100] = 0;  // still ours to touch
    u8* again = cache.get(5).value();
    cr_assert(eq(u8, again[100], 0x5A), "a forgotten block came back from the cache, not the disk");
    cache.evict(0);
}
