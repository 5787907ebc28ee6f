// kernel/fs/ext4/checksum.cc — metadata_csum: the crc32c of each kind of metadata block.
//
// Every checksum starts from the file system's seed (Geometry::csum_seed); those of an
// inode's own blocks (extent nodes, directory blocks) from the inode's seed, which adds
// its number and generation. The stored field is zero while it is computed.
// Group descriptors fall back to the older gdt_csum (crc16) when only that is on.
#include "fs/ext4/internal.hh"
#include "lib/crc.hh"
#include "lib/log.hh"

namespace ext4 {

Error corrupt(const char* what, u32 ino) {
    klog::warn("ext4: {} (inode {})", what, ino);
    return Error(EUCLEAN);
}

u32 Fs::inode_csum_seed(const Inode& in) const {
    u8 le[4];
    put_le32(le, in.ino);
    u32 c = crc32c(g_.csum_seed, le, 4);
    put_le32(le, in.generation());
    return crc32c(c, le, 4);
}

u32 inode_checksum(const Fs& fs, u32 ino, const u8* raw, u32 inode_size) {
    u8 le[4];
    put_le32(le, ino);
    u32 c = crc32c(fs.geometry().csum_seed, le, 4);
    c = crc32c(c, raw + ino::generation, 4);
    static const u8 zero[2] = {0, 0};
    c = crc32c(c, raw, ino::checksum_lo);
    c = crc32c(c, zero, 2);
    c = crc32c(c, raw + ino::checksum_lo + 2, GOOD_OLD_INODE_SIZE - ino::checksum_lo - 2);
    if (inode_size > GOOD_OLD_INODE_SIZE) {
        u32 extra = le16(raw + ino::extra_isize);
        bool has_hi = GOOD_OLD_INODE_SIZE + extra >= ino::checksum_hi + 2;
        c = crc32c(c, raw + GOOD_OLD_INODE_SIZE, ino::checksum_hi - GOOD_OLD_INODE_SIZE);
        if (has_hi) {
            c = crc32c(c, zero, 2);
        } else {
            c = crc32c(c, raw + ino::checksum_hi, 2);
        }
        c = crc32c(c, raw + ino::checksum_hi + 2, inode_size - ino::checksum_hi - 2);
        if (!has_hi) c &= 0xFFFF;
    } else {
        c &= 0xFFFF;
    }
    return c;
}

namespace {

u16 group_desc_checksum(const Fs& fs, u32 group, const u8* desc) {
    const Geometry& g = fs.geometry();
    u8 le[4];
    put_le32(le, group);
    if (g.metadata_csum) {
        static const u8 zero[2] = {0, 0};
        u32 c = crc32c(g.csum_seed, le, 4);
        c = crc32c(c, desc, gd::checksum);
        c = crc32c(c, zero, 2);
        c = crc32c(c, desc + gd::checksum + 2, g.desc_size - gd::checksum - 2);
        return static_cast<u16>(c);
    }
    u16 c = crc16(0xFFFF, g.uuid, 16);
    c = crc16(c, le, 4);
    c = crc16(c, desc, gd::checksum);
    if (g.desc_size > gd::checksum + 2)
        c = crc16(c, desc + gd::checksum + 2, g.desc_size - gd::checksum - 2);
    return c;
}

u32 leaf_csum(const Fs& fs, const Inode& dir, const u8* block) {
    return crc32c(fs.inode_csum_seed(dir), block, fs.geometry().block_size - de::TAIL);
}

u32 extent_tail_offset(const u8* block) {
    return ext::HEADER + ext::ENTRY * le16(block + ext::h_max);
}

u32 dx_csum(const Fs& fs, const Inode& dir, const u8* block, u32 count_offset) {
    u32 limit = le16(block + count_offset), count = le16(block + count_offset + 2);
    u32 tail = count_offset + limit * dx::ENTRY;
    static const u8 zero[4] = {0, 0, 0, 0};
    u32 c = crc32c(fs.inode_csum_seed(dir), block, count_offset + count * dx::ENTRY);
    c = crc32c(c, block + tail, 4);
    return crc32c(c, zero, 4);
}

}  // namespace

void set_group_desc_checksum(const Fs& fs, u32 group, u8* desc) {
    if (fs.geometry().metadata_csum || fs.geometry().gdt_csum)
        put_le16(desc + gd::checksum, group_desc_checksum(fs, group, desc));
}

bool group_desc_checksum_ok(const Fs& fs, u32 group, const u8* desc) {
    if (!fs.geometry().metadata_csum && !fs.geometry().gdt_csum) return true;
    return le16(desc + gd::checksum) == group_desc_checksum(fs, group, desc);
}

void set_extent_block_checksum(const Fs& fs, const Inode& in, u8* block) {
    if (!fs.geometry().metadata_csum) return;
    u32 t = extent_tail_offset(block);
    put_le32(block + t, crc32c(fs.inode_csum_seed(in), block, t));
}

bool extent_block_checksum_ok(const Fs& fs, const Inode& in, const u8* block) {
    if (!fs.geometry().metadata_csum) return true;
    u32 t = extent_tail_offset(block);
    if (t + ext::TAIL > fs.geometry().block_size) return false;
    return le32(block + t) == crc32c(fs.inode_csum_seed(in), block, t);
}

bool dir_leaf_has_tail(const Fs& fs, const u8* block) {
    if (!fs.geometry().metadata_csum) return false;
    const u8* t = block + fs.geometry().block_size - de::TAIL;
    return le32(t + de::inode) == 0 && le16(t + de::rec_len) == de::TAIL && t[de::name_len] == 0 &&
           t[de::file_type] == de::TAIL_FT;
}

void set_dir_leaf_checksum(const Fs& fs, const Inode& dir, u8* block) {
    if (!fs.geometry().metadata_csum) return;
    u8* t = block + fs.geometry().block_size - de::TAIL;
    memset(t, 0, de::TAIL);
    put_le16(t + de::rec_len, de::TAIL);
    t[de::file_type] = de::TAIL_FT;
    put_le32(t + 8, leaf_csum(fs, dir, block));
}

bool dir_leaf_checksum_ok(const Fs& fs, const Inode& dir, const u8* block) {
    return le32(block + fs.geometry().block_size - 4) == leaf_csum(fs, dir, block);
}

void set_dx_checksum(const Fs& fs, const Inode& dir, u8* block, u32 count_offset) {
    if (!fs.geometry().metadata_csum) return;
    u32 limit = le16(block + count_offset);
    u32 tail = count_offset + limit * dx::ENTRY;
    put_le32(block + tail, 0);
    put_le32(block + tail + 4, dx_csum(fs, dir, block, count_offset));
}

bool dx_checksum_ok(const Fs& fs, const Inode& dir, const u8* block, u32 count_offset) {
    if (!fs.geometry().metadata_csum) return true;
    u32 limit = le16(block + count_offset);
    u32 tail = count_offset + limit * dx::ENTRY;
    if (tail + dx::TAIL > fs.geometry().block_size) return false;
    return le32(block + tail + 4) == dx_csum(fs, dir, block, count_offset);
}

void set_bitmap_checksum(Fs& fs, u8* desc, const u8* bitmap, bool inode_bitmap) {
    const Geometry& g = fs.geometry();
    if (!g.metadata_csum) return;
    u32 bytes = (inode_bitmap ? g.inodes_per_group : g.blocks_per_group) / 8;
    u32 c = crc32c(g.csum_seed, bitmap, bytes);
    u32 lo = inode_bitmap ? gd::inode_bitmap_csum_lo : gd::block_bitmap_csum_lo;
    u32 hi = inode_bitmap ? gd::inode_bitmap_csum_hi : gd::block_bitmap_csum_hi;
    put_le16(desc + lo, static_cast<u16>(c));
    if (g.desc_size >= gd::SIZE_64) put_le16(desc + hi, static_cast<u16>(c >> 16));
}

}  // namespace ext4
