// kernel/fs/ext4/superblock.cc — checking and decoding the ext4 superblock (see superblock.hh).
#include "fs/ext4/superblock.hh"

#include "fs/ext4/layout.hh"
#include "lib/crc.hh"
#include "lib/endian.hh"
#include "lib/log.hh"

namespace ext4 {

namespace {

Error corrupt(const char* what) {
    klog::warn("ext4: bad superblock: {}", what);
    return Error(EUCLEAN);
}

bool is_power_of(u32 n, u32 base) {
    if (n == 0) return false;
    while (n % base == 0) n /= base;
    return n == 1;
}

}  // namespace

u32 Geometry::blocks_in_group(u32 group) const {
    if (group + 1 < group_count) return blocks_per_group;
    return static_cast<u32>(blocks_count - group_first_block(group));
}

bool Geometry::group_has_super(u32 group) const {
    if (group <= 1 || !(ro_compat & feature::RO_COMPAT_SPARSE_SUPER)) return true;
    if (group % 2 == 0) return false;
    return is_power_of(group, 3) || is_power_of(group, 5) || is_power_of(group, 7);
}

u32 superblock_checksum(const u8* raw) { return crc32c(~0u, raw, sb::checksum); }

Result<Geometry> parse_superblock(const u8* raw) {
    Geometry g{};
    if (le16(raw + sb::magic) != MAGIC) return corrupt("no ext4 magic");
    g.compat = le32(raw + sb::feature_compat);
    g.incompat = le32(raw + sb::feature_incompat);
    g.ro_compat = le32(raw + sb::feature_ro_compat);
    g.metadata_csum = g.ro_compat & feature::RO_COMPAT_METADATA_CSUM;
    if (g.metadata_csum) {
        if (raw[sb::checksum_type] != 1) return corrupt("unknown checksum type");
        if (superblock_checksum(raw) != le32(raw + sb::checksum))
            return corrupt("checksum mismatch");
    }
    if (u32 unknown = g.incompat & ~feature::INCOMPAT_SUPPORTED) {
        klog::warn("ext4: unsupported incompat features {:#x}", unknown);
        return Error(EINVAL);
    }
    g.read_only_features = g.ro_compat & ~feature::RO_COMPAT_SUPPORTED;
    if (le32(raw + sb::rev_level) < 1) return corrupt("revision 0 is not supported");

    g.log_block_size = le32(raw + sb::log_block_size);
    if (g.log_block_size > 6) return corrupt("block size");
    g.block_size = 1024u << g.log_block_size;
    if (le32(raw + sb::log_cluster_size) != g.log_block_size) return corrupt("bigalloc clusters");
    g.is_64bit = g.incompat & feature::INCOMPAT_64BIT;
    g.blocks_count = le32(raw + sb::blocks_count_lo);
    if (g.is_64bit) g.blocks_count |= u64{le32(raw + sb::blocks_count_hi)} << 32;
    g.inodes_count = le32(raw + sb::inodes_count);
    g.first_data_block = le32(raw + sb::first_data_block);
    g.blocks_per_group = le32(raw + sb::blocks_per_group);
    g.inodes_per_group = le32(raw + sb::inodes_per_group);
    g.inode_size = le16(raw + sb::inode_size);
    g.first_ino = le32(raw + sb::first_ino);
    if (g.first_data_block != (g.block_size == 1024 ? 1u : 0u)) return corrupt("first data block");
    if (g.blocks_per_group == 0 || g.blocks_per_group > g.block_size * 8 || g.blocks_per_group % 8)
        return corrupt("blocks per group");
    if (g.inodes_per_group == 0 || g.inodes_per_group > g.block_size * 8 || g.inodes_per_group % 8)
        return corrupt("inodes per group");
    if (g.inode_size < GOOD_OLD_INODE_SIZE || g.inode_size > g.block_size ||
        (g.inode_size & (g.inode_size - 1)))
        return corrupt("inode size");
    if (g.blocks_count <= g.first_data_block) return corrupt("blocks count");
    u64 groups =
        (g.blocks_count - g.first_data_block + g.blocks_per_group - 1) / g.blocks_per_group;
    if (groups == 0 || groups > (u64{1} << 32) / 2) return corrupt("group count");
    g.group_count = static_cast<u32>(groups);
    if (u64{g.group_count} * g.inodes_per_group != g.inodes_count) return corrupt("inodes count");
    if (g.first_ino < 11 || g.first_ino >= g.inodes_count) return corrupt("first inode");

    g.desc_size = g.is_64bit ? le16(raw + sb::desc_size) : gd::SIZE_32;
    if (g.desc_size < gd::SIZE_32 || g.desc_size > 1024 || (g.desc_size & (g.desc_size - 1)))
        return corrupt("descriptor size");
    if (g.is_64bit && g.desc_size < gd::SIZE_64) return corrupt("descriptor size");
    u32 per_block = g.block_size / g.desc_size;
    g.gdt_blocks = (g.group_count + per_block - 1) / per_block;
    g.reserved_gdt_blocks =
        (g.compat & feature::COMPAT_RESIZE_INODE) ? le16(raw + sb::reserved_gdt_blocks) : 0;
    if (g.incompat & feature::INCOMPAT_META_BG) return corrupt("meta_bg");
    if (u64{1} + g.gdt_blocks + g.reserved_gdt_blocks >= g.blocks_per_group)
        return corrupt("descriptor blocks do not fit in a group");

    g.gdt_csum = !g.metadata_csum && (g.ro_compat & feature::RO_COMPAT_GDT_CSUM);
    __builtin_memcpy(g.uuid, raw + sb::uuid, 16);
    if (g.incompat & feature::INCOMPAT_CSUM_SEED) g.csum_seed = le32(raw + sb::checksum_seed);
    else g.csum_seed = crc32c(~0u, g.uuid, 16);
    for (int i = 0; i < 4; i++) g.hash_seed[i] = le32(raw + sb::hash_seed + 4 * i);
    g.hash_version = raw[sb::def_hash_version];
    if (g.hash_version <= dx::HASH_TEA && (le32(raw + sb::flags) & dx::FLAG_UNSIGNED_HASH))
        g.hash_version += dx::UNSIGNED_DELTA;
    g.has_journal = g.compat & feature::COMPAT_HAS_JOURNAL;
    if (g.has_journal && le32(raw + sb::journal_inum) != JOURNAL_INO)
        return corrupt("journal inode");
    if (g.incompat & feature::INCOMPAT_JOURNAL_DEV) return corrupt("external journal");
    return g;
}

}  // namespace ext4
