// kernel/drivers/block/partitions.hh — partition tables (MBR and GPT) and partitions as devices.
//
//   block::PartitionEntry parts[block::MAX_PARTITIONS];
//   usize n = TRY(block::read_partitions(disk, parts));   // vda1 is parts[0], ...
//   block::Partition p(disk, parts[0]);                    // a BlockDevice of its own
//
// An MBR's four primary entries (type 0 is empty); a protective MBR (type 0xee) means
// GPT: the header at LBA 1 ("EFI PART", its CRC32), then the entry array (its CRC32).
// Extended (logical) MBR partitions are not read. A table that makes no sense (bad
// CRC, entries past the end of the disk, overlapping header fields) is logged and gives
// no partitions; nothing here trusts the disk. Pure code: it builds on the host too.
#pragma once

#include "fs/block/block_device.hh"

namespace block {

constexpr usize MAX_PARTITIONS = 16;

struct PartitionEntry {
    u64 start;    ///< first sector
    u64 sectors;  ///< length in sectors
    u8 mbr_type;  ///< the MBR type byte; 0xee for a GPT partition
    u32 number;   ///< as Linux numbers it: the MBR slot (1-4) or GPT entry index + 1
};

/// The partitions of @p disk, in table order (vda1 is number 1, ...). 0 when the
/// disk has no (valid) table; EIO/ENOMEM from the disk.
Result<usize> read_partitions(fs::BlockDevice& disk, PartitionEntry (&out)[MAX_PARTITIONS]);

/// A window of a disk: sector 0 is the partition's first. Accesses past its end: EIO.
class Partition final : public fs::BlockDevice {
public:
    Partition(fs::BlockDevice& disk, const PartitionEntry& e) : disk_(disk), e_(e) {}
    u64 sector_count() const override { return e_.sectors; }
    Result<void> read(u64 sector, u32 count, void* buf) override;
    Result<void> write(u64 sector, u32 count, const void* buf) override;
    Result<void> flush() override { return disk_.flush(); }
    const PartitionEntry& entry() const { return e_; }

private:
    bool inside(u64 sector, u32 count) const {
        return sector <= e_.sectors && count <= e_.sectors - sector;
    }
    fs::BlockDevice& disk_;
    PartitionEntry e_;
};

/// CRC-32 (IEEE 802.3, reflected, as GPT uses it).
u32 crc32_ieee(const void* data, usize len);

}  // namespace block
