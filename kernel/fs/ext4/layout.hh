// kernel/fs/ext4/layout.hh — ext4's on-disk format: field offsets, magic numbers, feature bits.
//
// Structures are read from raw little-endian bytes at these offsets (lib/endian.hh),
// never through packed structs. The names follow the fields' names in the ext4 format
// documentation without their s_/bg_/i_ prefixes. Facts only; the code that reads and
// writes them is in the other files of this folder.
#pragma once

#include "lib/types.hh"

namespace ext4 {

constexpr u16 MAGIC = 0xEF53;
constexpr u64 SUPERBLOCK_OFFSET = 1024;
constexpr u32 SUPERBLOCK_SIZE = 1024;
constexpr u32 ROOT_INO = 2;
constexpr u32 JOURNAL_INO = 8;
constexpr u32 GOOD_OLD_INODE_SIZE = 128;

/// Superblock field offsets.
namespace sb {
constexpr u32 inodes_count = 0x00, blocks_count_lo = 0x04, r_blocks_count_lo = 0x08,
              free_blocks_count_lo = 0x0C, free_inodes_count = 0x10, first_data_block = 0x14,
              log_block_size = 0x18, log_cluster_size = 0x1C, blocks_per_group = 0x20,
              clusters_per_group = 0x24, inodes_per_group = 0x28, mtime = 0x2C, wtime = 0x30,
              magic = 0x38, state = 0x3A, rev_level = 0x4C, first_ino = 0x54, inode_size = 0x58,
              feature_compat = 0x5C, feature_incompat = 0x60, feature_ro_compat = 0x64, uuid = 0x68,
              reserved_gdt_blocks = 0xCE, journal_inum = 0xE0, journal_dev = 0xE4,
              last_orphan = 0xE8, hash_seed = 0xEC, def_hash_version = 0xFC, desc_size = 0xFE,
              first_meta_bg = 0x104, blocks_count_hi = 0x150, free_blocks_count_hi = 0x158,
              min_extra_isize = 0x15C, want_extra_isize = 0x15E, flags = 0x160,
              log_groups_per_flex = 0x174, checksum_type = 0x175, checksum_seed = 0x270,
              checksum = 0x3FC;
}  // namespace sb

/// Feature bits.
namespace feature {
constexpr u32 COMPAT_HAS_JOURNAL = 0x4, COMPAT_EXT_ATTR = 0x8, COMPAT_RESIZE_INODE = 0x10,
              COMPAT_DIR_INDEX = 0x20, COMPAT_SPARSE_SUPER2 = 0x200, COMPAT_ORPHAN_FILE = 0x1000;
constexpr u32 INCOMPAT_FILETYPE = 0x2, INCOMPAT_RECOVER = 0x4, INCOMPAT_JOURNAL_DEV = 0x8,
              INCOMPAT_META_BG = 0x10, INCOMPAT_EXTENTS = 0x40, INCOMPAT_64BIT = 0x80,
              INCOMPAT_MMP = 0x100, INCOMPAT_FLEX_BG = 0x200, INCOMPAT_CSUM_SEED = 0x2000,
              INCOMPAT_LARGEDIR = 0x4000, INCOMPAT_INLINE_DATA = 0x8000;
/// What this code understands; any other incompat bit refuses the mount.
constexpr u32 INCOMPAT_SUPPORTED = INCOMPAT_FILETYPE | INCOMPAT_RECOVER | INCOMPAT_EXTENTS |
                                   INCOMPAT_64BIT | INCOMPAT_FLEX_BG | INCOMPAT_CSUM_SEED |
                                   INCOMPAT_LARGEDIR;
constexpr u32 RO_COMPAT_SPARSE_SUPER = 0x1, RO_COMPAT_LARGE_FILE = 0x2, RO_COMPAT_HUGE_FILE = 0x8,
              RO_COMPAT_GDT_CSUM = 0x10, RO_COMPAT_DIR_NLINK = 0x20, RO_COMPAT_EXTRA_ISIZE = 0x40,
              RO_COMPAT_METADATA_CSUM = 0x400;
/// What this code writes correctly; any other ro_compat bit mounts read-only.
constexpr u32 RO_COMPAT_SUPPORTED = RO_COMPAT_SPARSE_SUPER | RO_COMPAT_LARGE_FILE |
                                    RO_COMPAT_HUGE_FILE | RO_COMPAT_GDT_CSUM | RO_COMPAT_DIR_NLINK |
                                    RO_COMPAT_EXTRA_ISIZE | RO_COMPAT_METADATA_CSUM;
}  // namespace feature

/// Group descriptor field offsets (the _hi halves exist when desc_size >= 64).
namespace gd {
constexpr u32 block_bitmap_lo = 0x00, inode_bitmap_lo = 0x04, inode_table_lo = 0x08,
              free_blocks_count_lo = 0x0C, free_inodes_count_lo = 0x0E, used_dirs_count_lo = 0x10,
              flags = 0x12, block_bitmap_csum_lo = 0x18, inode_bitmap_csum_lo = 0x1A,
              itable_unused_lo = 0x1C, checksum = 0x1E, block_bitmap_hi = 0x20,
              inode_bitmap_hi = 0x24, inode_table_hi = 0x28, free_blocks_count_hi = 0x2C,
              free_inodes_count_hi = 0x2E, used_dirs_count_hi = 0x30, itable_unused_hi = 0x32,
              block_bitmap_csum_hi = 0x38, inode_bitmap_csum_hi = 0x3A;
constexpr u16 FLAG_INODE_UNINIT = 0x1, FLAG_BLOCK_UNINIT = 0x2, FLAG_INODE_ZEROED = 0x4;
constexpr u32 SIZE_32 = 32, SIZE_64 = 64;
}  // namespace gd

/// Inode field offsets.
namespace ino {
constexpr u32 mode = 0x00, uid = 0x02, size_lo = 0x04, atime = 0x08, ctime = 0x0C, mtime = 0x10,
              dtime = 0x14, gid = 0x18, links_count = 0x1A, blocks_lo = 0x1C, flags = 0x20,
              block = 0x28, generation = 0x64, file_acl_lo = 0x68, size_high = 0x6C,
              blocks_high = 0x74, file_acl_high = 0x76, uid_high = 0x78, gid_high = 0x7A,
              checksum_lo = 0x7C, extra_isize = 0x80, checksum_hi = 0x82, ctime_extra = 0x84,
              mtime_extra = 0x88, atime_extra = 0x8C, crtime = 0x90, crtime_extra = 0x94;
constexpr u32 BLOCK_BYTES = 60;
constexpr u32 FLAG_INDEX = 0x1000, FLAG_HUGE_FILE = 0x40000, FLAG_EXTENTS = 0x80000,
              FLAG_EA_INODE = 0x200000, FLAG_INLINE_DATA = 0x10000000;
}  // namespace ino

/// File type bits of i_mode, and directory entry file types.
constexpr u16 MODE_FMT = 0xF000, MODE_SOCK = 0xC000, MODE_LNK = 0xA000, MODE_REG = 0x8000,
              MODE_BLK = 0x6000, MODE_DIR = 0x4000, MODE_CHR = 0x2000, MODE_FIFO = 0x1000;
enum FileType : u8 {
    FT_UNKNOWN = 0,
    FT_REG = 1,
    FT_DIR = 2,
    FT_CHR = 3,
    FT_BLK = 4,
    FT_FIFO = 5,
    FT_SOCK = 6,
    FT_SYMLINK = 7,
};
/// The directory entry type of an i_mode.
constexpr u8 file_type_of(u16 mode) {
    switch (mode & MODE_FMT) {
    case MODE_REG:
        return FT_REG;
    case MODE_DIR:
        return FT_DIR;
    case MODE_CHR:
        return FT_CHR;
    case MODE_BLK:
        return FT_BLK;
    case MODE_FIFO:
        return FT_FIFO;
    case MODE_SOCK:
        return FT_SOCK;
    case MODE_LNK:
        return FT_SYMLINK;
    default:
        return FT_UNKNOWN;
    }
}

/// Extent tree nodes: a 12-byte header, then 12-byte entries; blocks end with a checksum.
namespace ext {
constexpr u16 MAGIC = 0xF30A;
constexpr u32 HEADER = 12, ENTRY = 12, TAIL = 4;
constexpr u32 h_magic = 0, h_entries = 2, h_max = 4, h_depth = 6;
// Leaf entry: ee_block, ee_len, ee_start_hi, ee_start_lo. Index: ei_block, ei_leaf_lo, ei_leaf_hi.
constexpr u32 ee_block = 0, ee_len = 4, ee_start_hi = 6, ee_start_lo = 8;
constexpr u32 ei_block = 0, ei_leaf_lo = 4, ei_leaf_hi = 8;
constexpr u16 MAX_INIT_LEN = 32768;
constexpr u16 MAX_DEPTH = 5;
}  // namespace ext

/// Directory entries: inode, rec_len, name_len, file_type, name; metadata_csum adds a tail.
namespace de {
constexpr u32 inode = 0, rec_len = 4, name_len = 6, file_type = 7, name = 8;
constexpr u32 HEADER = 8, TAIL = 12, MAX_NAME = 255;
constexpr u8 TAIL_FT = 0xDE;
/// Bytes a record with a name of @p len bytes needs.
constexpr u32 rec_len_for(u32 len) { return (HEADER + len + 3) & ~3u; }
}  // namespace de

/// Hash tree (dir_index) nodes.
namespace dx {
constexpr u32 ROOT_INFO = 0x18;  // after the "." and ".." entries of block 0
constexpr u32 info_hash_version = 0x04, info_length = 0x05, info_indirect_levels = 0x06;
constexpr u32 ROOT_ENTRIES = 0x20;  // count/limit, then entries of {hash, block}
constexpr u32 NODE_ENTRIES = 0x08;  // an interior node: a fake empty dirent, then count/limit
constexpr u32 ENTRY = 8, TAIL = 8;
constexpr u8 HASH_LEGACY = 0, HASH_HALF_MD4 = 1, HASH_TEA = 2, UNSIGNED_DELTA = 3;
constexpr u32 FLAG_UNSIGNED_HASH = 0x2;  // in the superblock's s_flags
}  // namespace dx

}  // namespace ext4
