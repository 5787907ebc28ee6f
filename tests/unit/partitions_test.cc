// tests/unit/partitions_test.cc — MBR and GPT partition tables read by drivers/block, and partitions as devices.
// UNIT_SOURCES: kernel/drivers/block/partitions.cc kernel/lib/format.cc kernel/lib/log.cc kernel/lib/errno.cc tests/unit/host/malloc_heap.cc tests/unit/host/file_block_device.cc
#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include <cstring>
#include <vector>

#include "drivers/block/partitions.hh"
#include "host/file_block_device.hh"

namespace {

constexpr u64 DISK_SECTORS = 4096;  // 2 MiB

void put32(std::vector<u8>& d, usize at, u32 v) { std::memcpy(&d[at], &v, 4); }
void put64(std::vector<u8>& d, usize at, u64 v) { std::memcpy(&d[at], &v, 8); }

void mbr_entry(std::vector<u8>& d, int slot, u8 type, u32 start, u32 count) {
    usize e = 446 + 16 * slot;
    d[e + 4] = type;
    put32(d, e + 8, start);
    put32(d, e + 12, count);
    d[510] = 0x55, d[511] = 0xaa;
}

// A GPT as the UEFI specification lays it out: a protective MBR, the header at LBA 1,
// 128 entries of 128 bytes from LBA 2, both CRCs set. @p parts: {first, last} per entry
// index (an entry {0, 0} stays unused).
std::vector<u8> gpt_disk(const std::vector<std::pair<u64, u64>>& parts) {
    std::vector<u8> d(DISK_SECTORS * 512);
    mbr_entry(d, 0, 0xee, 1, u32(DISK_SECTORS - 1));
    usize arr = 2 * 512;
    for (usize i = 0; i < parts.size(); ++i) {
        if (!parts[i].first) continue;
        usize e = arr + 128 * i;
        d[e] = 0xaf, d[e + 1] = 0x3d;  // some type GUID (not zero)
        d[e + 16] = u8(i + 1);         // a unique GUID
        put64(d, e + 32, parts[i].first);
        put64(d, e + 40, parts[i].second);
    }
    usize h = 512;
    std::memcpy(&d[h], "EFI PART", 8);
    put32(d, h + 8, 0x00010000);
    put32(d, h + 12, 92);
    put64(d, h + 24, 1);
    put64(d, h + 32, DISK_SECTORS - 1);
    put64(d, h + 40, 34);
    put64(d, h + 48, DISK_SECTORS - 34);
    put64(d, h + 72, 2);
    put32(d, h + 80, 128);
    put32(d, h + 84, 128);
    put32(d, h + 88, block::crc32_ieee(&d[arr], 128 * 128));
    put32(d, h + 16, block::crc32_ieee(&d[h], 92));
    return d;
}

usize parse(const std::vector<u8>& bytes, block::PartitionEntry (&out)[block::MAX_PARTITIONS]) {
    MemoryBlockDevice dev(bytes.data(), bytes.size());
    auto n = block::read_partitions(dev, out);
    cr_assert(n.has_value(), "read_partitions: errno %d", n.error());
    return n.value();
}

}  // namespace

Test(partitions, crc32_check_value) {
    cr_assert(eq(u32, block::crc32_ieee("123456789", 9), 0xcbf43926u));
}

Test(partitions, no_table) {
    block::PartitionEntry p[block::MAX_PARTITIONS];
    cr_assert(eq(sz, parse(std::vector<u8>(DISK_SECTORS * 512), p), 0));
}

Test(partitions, mbr_numbered_by_slot) {
    std::vector<u8> d(DISK_SECTORS * 512);
    mbr_entry(d, 0, 0x83, 2048, 1024);
    mbr_entry(d, 2, 0x0c, 3072, 1024);
    mbr_entry(d, 3, 0x05, 100, 10);  // extended: not read
    block::PartitionEntry p[block::MAX_PARTITIONS];
    cr_assert(eq(sz, parse(d, p), 2));
    cr_assert(p[0].start == 2048 && p[0].sectors == 1024 && p[0].number == 1 &&
              p[0].mbr_type == 0x83);
    cr_assert(p[1].start == 3072 && p[1].number == 3);
}

Test(partitions, mbr_entry_past_the_end_is_skipped) {
    std::vector<u8> d(DISK_SECTORS * 512);
    mbr_entry(d, 0, 0x83, 2048, 4096);  // runs past the end
    mbr_entry(d, 1, 0x83, 0, 100);      // overlaps the MBR itself
    mbr_entry(d, 2, 0x83, 100, 200);
    block::PartitionEntry p[block::MAX_PARTITIONS];
    cr_assert(eq(sz, parse(d, p), 1));
    cr_assert(p[0].number == 3);
}

Test(partitions, gpt) {
    block::PartitionEntry p[block::MAX_PARTITIONS];
    cr_assert(eq(sz, parse(gpt_disk({{34, 1057}, {0, 0}, {1058, 4000}}), p), 2));
    cr_assert(p[0].start == 34 && p[0].sectors == 1024 && p[0].number == 1 &&
              p[0].mbr_type == 0xee);
    cr_assert(p[1].start == 1058 && p[1].sectors == 2943 && p[1].number == 3);
}

Test(partitions, gpt_corruption_gives_no_partitions) {
    block::PartitionEntry p[block::MAX_PARTITIONS];
    auto d = gpt_disk({{34, 1057}});
    d[512 + 40] ^= 1;  // header changed, CRC not
    cr_assert(eq(sz, parse(d, p), 0));
    d = gpt_disk({{34, 1057}});
    d[2 * 512 + 32] ^= 1;  // an entry changed, array CRC not
    cr_assert(eq(sz, parse(d, p), 0));
    d = gpt_disk({{34, 1057}});
    std::memcpy(&d[512], "EFI PARX", 8);
    cr_assert(eq(sz, parse(d, p), 0));
}

Test(partitions, gpt_entry_outside_usable_area_is_skipped) {
    block::PartitionEntry p[block::MAX_PARTITIONS];
    cr_assert(eq(sz, parse(gpt_disk({{10, 20}, {100, 50}, {100, 200}}), p), 1));
    cr_assert(p[0].number == 3);
}

Test(partitions, partition_device_bounds) {
    auto d = gpt_disk({{34, 1057}});
    for (usize i = 0; i < 512; ++i) d[34 * 512 + i] = u8(i);
    MemoryBlockDevice disk(d.data(), d.size());
    block::Partition part(disk, block::PartitionEntry{34, 1024, 0xee, 1});
    u8 buf[1024];
    cr_assert(part.read(0, 1, buf).has_value());
    cr_assert(buf[5] == 5);
    cr_assert(part.read(1023, 1, buf).has_value());
    cr_assert(part.read(1023, 2, buf).is_error());
    cr_assert(part.write(1024, 1, buf).is_error());
    cr_assert(part.write(0, 1, buf).has_value());
    cr_assert(eq(u64, part.sector_count(), 1024));
}
