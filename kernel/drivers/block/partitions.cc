// kernel/drivers/block/partitions.cc — reading MBR and GPT partition tables.
//
// MBR (sector 0): 0x55 0xaa at 510; four 16-byte entries from 446: type at +4, first
// sector at +8, sector count at +12 (little-endian u32s). GPT (UEFI 2.x, 5.3): header
// at LBA 1 with signature "EFI PART", header size at 12, its CRC32 at 16 (computed with
// that field zeroed), the first and last usable LBAs at 40 and 48, the entry array's
// LBA at 72, entry count at 80, entry size at 84, the array's CRC32 at 88. An entry:
// type GUID (zero: unused) at 0, first and last LBA (inclusive) at 32 and 40.
#include "drivers/block/partitions.hh"

#include "fs/block/buffer.hh"
#include "lib/endian.hh"
#include "lib/log.hh"
#include "lib/string.hh"

namespace block {
namespace {

constexpr u32 MAX_GPT_ENTRIES = 1024;

Result<usize> read_gpt(fs::BlockDevice& disk, PartitionEntry (&out)[MAX_PARTITIONS]) {
    u64 total = disk.sector_count();
    fs::Buffer hdr = TRY(fs::Buffer::zeroed(fs::SECTOR_SIZE));
    TRY(disk.read(1, 1, hdr.data()));
    const u8* h = hdr.data();
    if (memcmp(h, "EFI PART", 8) != 0) {
        klog::warn("partitions: protective MBR but no GPT header at LBA 1");
        return usize(0);
    }
    u32 hsize = le32(h + 12);
    if (hsize < 92 || hsize > fs::SECTOR_SIZE) {
        klog::warn("partitions: GPT header size {} makes no sense", hsize);
        return usize(0);
    }
    u32 want = le32(h + 16);
    memset(hdr.data() + 16, 0, 4);
    if (crc32_ieee(h, hsize) != want) {
        klog::warn("partitions: GPT header checksum is wrong");
        return usize(0);
    }
    u64 first_usable = le64(h + 40), last_usable = le64(h + 48), array_lba = le64(h + 72);
    u32 count = le32(h + 80), esize = le32(h + 84), array_crc = le32(h + 88);
    if (esize < 128 || esize > 4096 || esize % 8 || count > MAX_GPT_ENTRIES ||
        last_usable >= total || first_usable > last_usable || array_lba < 2 || array_lba >= total) {
        klog::warn("partitions: GPT header fields make no sense (entries {} of {} bytes at {})",
                   count, esize, array_lba);
        return usize(0);
    }
    u64 bytes = u64(count) * esize;
    u64 sectors = (bytes + fs::SECTOR_SIZE - 1) / fs::SECTOR_SIZE;
    if (sectors > total - array_lba) {
        klog::warn("partitions: the GPT entry array runs past the end of the disk");
        return usize(0);
    }
    fs::Buffer arr = TRY(fs::Buffer::zeroed(sectors * fs::SECTOR_SIZE));
    TRY(disk.read(array_lba, u32(sectors), arr.data()));
    if (crc32_ieee(arr.data(), bytes) != array_crc) {
        klog::warn("partitions: GPT entry array checksum is wrong");
        return usize(0);
    }
    usize n = 0;
    static const u8 zero[16] = {};
    for (u32 i = 0; i < count && n < MAX_PARTITIONS; ++i) {
        const u8* e = arr.data() + u64(i) * esize;
        if (memcmp(e, zero, 16) == 0) continue;
        u64 first = le64(e + 32), last = le64(e + 40);
        if (first < first_usable || last > last_usable || last < first) {
            klog::warn("partitions: GPT entry {} ({}-{}) is outside the usable area; skipped", i,
                       first, last);
            continue;
        }
        out[n++] = PartitionEntry{first, last - first + 1, 0xee, i + 1};
    }
    return n;
}

}  // namespace

u32 crc32_ieee(const void* data, usize len) {
    u32 crc = 0xffffffffu;
    const auto* p = static_cast<const u8*>(data);
    for (usize i = 0; i < len; ++i) {
        crc ^= p[i];
        for (int b = 0; b < 8; ++b) crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1)));
    }
    return ~crc;
}

Result<usize> read_partitions(fs::BlockDevice& disk, PartitionEntry (&out)[MAX_PARTITIONS]) {
    u64 total = disk.sector_count();
    if (total < 2) return usize(0);
    fs::Buffer mbr = TRY(fs::Buffer::zeroed(fs::SECTOR_SIZE));
    TRY(disk.read(0, 1, mbr.data()));
    const u8* m = mbr.data();
    if (m[510] != 0x55 || m[511] != 0xaa) return usize(0);
    for (int i = 0; i < 4; ++i)
        if (m[446 + 16 * i + 4] == 0xee) return read_gpt(disk, out);
    usize n = 0;
    for (int i = 0; i < 4; ++i) {
        const u8* e = m + 446 + 16 * i;
        u8 type = e[4];
        u64 start = le32(e + 8), count = le32(e + 12);
        if (type == 0 || count == 0) continue;
        if (type == 0x05 || type == 0x0f || type == 0x85) {
            klog::info("partitions: extended partition {} not read (logical partitions)", i + 1);
            continue;
        }
        if (start == 0 || start >= total || count > total - start) {
            klog::warn(
                "partitions: MBR entry {} ({}+{}) is outside the disk of {} sectors; "
                "skipped",
                i + 1, start, count, total);
            continue;
        }
        out[n++] = PartitionEntry{start, count, type, u32(i + 1)};
    }
    return n;
}

Result<void> Partition::read(u64 sector, u32 count, void* buf) {
    if (!inside(sector, count)) return Error(EIO);
    return disk_.read(e_.start + sector, count, buf);
}

Result<void> Partition::write(u64 sector, u32 count, const void* buf) {
    if (!inside(sector, count)) return Error(EIO);
    return disk_.write(e_.start + sector, count, buf);
}

}  // namespace block
