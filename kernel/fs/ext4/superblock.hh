// kernel/fs/ext4/superblock.hh — the ext4 superblock: checked, decoded, its checksum.
//
//   ext4::Geometry g = TRY(ext4::parse_superblock(raw));   // raw: the 1024 bytes at offset 1024
//
// parse_superblock() refuses what it cannot mount: a bad magic or checksum, sizes out of
// range or inconsistent with each other (EUCLEAN, with a log line saying which), and
// unknown incompat features (EINVAL). Unknown ro_compat features set read_only_features.
#pragma once

#include "lib/result.hh"
#include "lib/types.hh"

namespace ext4 {

/// The superblock's numbers that the rest of the code works with.
struct Geometry {
    u32 block_size, log_block_size;
    u64 blocks_count;
    u32 inodes_count, first_data_block, blocks_per_group, inodes_per_group;
    u32 group_count, inode_size, desc_size, first_ino;
    u32 compat, incompat, ro_compat;
    u32 reserved_gdt_blocks, gdt_blocks;  // blocks of descriptors (not the reserved ones)
    u32 csum_seed;                        // crc32c(~0, uuid) or s_checksum_seed
    u32 hash_seed[4];
    u8 hash_version;  // the default htree hash, already +3 when the unsigned flag is set
    u8 uuid[16];
    bool metadata_csum, gdt_csum, is_64bit, has_journal;
    bool read_only_features;  // an unknown ro_compat feature: mount read-only only

    /// The group holding @p block.
    u32 group_of_block(u64 block) const {
        return static_cast<u32>((block - first_data_block) / blocks_per_group);
    }
    u64 group_first_block(u32 group) const {
        return u64{group} * blocks_per_group + first_data_block;
    }
    /// Blocks in @p group (the last one may be short).
    u32 blocks_in_group(u32 group) const;
    /// Whether @p group holds a copy of the superblock and descriptors (sparse_super).
    bool group_has_super(u32 group) const;
};

/// Checks and decodes a superblock (SUPERBLOCK_SIZE bytes).
Result<Geometry> parse_superblock(const u8* raw);
/// The metadata_csum checksum of a superblock, as stored at sb::checksum.
u32 superblock_checksum(const u8* raw);

}  // namespace ext4
