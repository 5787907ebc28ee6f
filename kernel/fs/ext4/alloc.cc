// kernel/fs/ext4/alloc.cc — block and inode allocation: the bitmaps, the free counts, lazy groups.
//
// A group's bitmaps may still be "uninitialized" (the BLOCK_UNINIT and INODE_UNINIT
// flags mkfs leaves on unused groups): they are then built the first time something is
// allocated there. Each change keeps three places in step: the bit, the group's
// counts (and bitmap checksums, and its own checksum), and the superblock's counts.
// Blocks are taken near a goal (the previous block of the file, or its inode's group);
// inodes near their parent directory.
#include "fs/ext4/internal.hh"

namespace ext4 {

namespace {

bool test_bit(const u8* map, u32 i) { return map[i / 8] & (1u << (i % 8)); }
void set_bit(u8* map, u32 i) { map[i / 8] = static_cast<u8>(map[i / 8] | (1u << (i % 8))); }
void clear_bit(u8* map, u32 i) { map[i / 8] = static_cast<u8>(map[i / 8] & ~(1u << (i % 8))); }

/// First clear bit in [from, end), or end.
u32 find_clear(const u8* map, u32 from, u32 end) {
    for (u32 i = from; i < end; i++) {
        if ((i % 8) == 0 && map[i / 8] == 0xFF && i + 8 <= end) {
            i += 7;
            continue;
        }
        if (!test_bit(map, i)) return i;
    }
    return end;
}

/// First clear bit in [from, end) whose block was not freed since the last commit, or end.
u32 find_usable(const Fs& fs, const u8* map, u32 group, u32 from, u32 end) {
    u64 first = fs.geometry().group_first_block(group);
    for (u32 bit = find_clear(map, from, end); bit < end; bit = find_clear(map, bit, end)) {
        u64 skip_to = 0;
        if (!fs.recently_freed(first + bit, &skip_to)) return bit;
        bit = skip_to - first < end ? static_cast<u32>(skip_to - first) : end;
    }
    return end;
}

void mark_range(const Geometry& g, u8* map, u32 group, u64 start, u64 count) {
    u64 first = g.group_first_block(group), end = first + g.blocks_in_group(group);
    for (u64 b = start; b < start + count; b++)
        if (b >= first && b < end) set_bit(map, static_cast<u32>(b - first));
}

/// Builds the block bitmap of a BLOCK_UNINIT group: its metadata and every other
/// group's bitmaps and inode table that flex_bg placed inside it are in use.
Result<void> init_block_bitmap(Fs& fs, u32 group, u8* map) {
    const Geometry& g = fs.geometry();
    memset(map, 0, g.block_size);
    if (g.group_has_super(group))
        mark_range(g, map, group, g.group_first_block(group),
                   1 + g.gdt_blocks + g.reserved_gdt_blocks);
    u64 itable_blocks = (u64{g.inodes_per_group} * g.inode_size + g.block_size - 1) / g.block_size;
    for (u32 other = 0; other < g.group_count; other++) {
        const u8* d = TRY(fs.group_desc(other));
        mark_range(g, map, group, fs.gd_block_bitmap(d), 1);
        mark_range(g, map, group, fs.gd_inode_bitmap(d), 1);
        mark_range(g, map, group, fs.gd_inode_table(d), itable_blocks);
    }
    for (u32 i = g.blocks_in_group(group); i < g.block_size * 8; i++) set_bit(map, i);
    return {};
}

Result<u8*> block_bitmap(Fs& fs, u32 group, u8* d) {
    u64 where = fs.gd_block_bitmap(d);
    u16 flags = le16(d + gd::flags);
    if (flags & gd::FLAG_BLOCK_UNINIT) {
        u8* map = TRY(fs.cache().get_new(where));
        TRY(init_block_bitmap(fs, group, map));
        put_le16(d + gd::flags, static_cast<u16>(flags & ~gd::FLAG_BLOCK_UNINIT));
        set_bitmap_checksum(fs, d, map, false);
        fs.group_desc_dirty(group);
        return map;
    }
    return fs.cache().get(where);
}

Result<u8*> inode_bitmap(Fs& fs, u32 group, u8* d) {
    u64 where = fs.gd_inode_bitmap(d);
    u16 flags = le16(d + gd::flags);
    if (flags & gd::FLAG_INODE_UNINIT) {
        const Geometry& g = fs.geometry();
        u8* map = TRY(fs.cache().get_new(where));
        for (u32 i = g.inodes_per_group; i < g.block_size * 8; i++) set_bit(map, i);
        put_le16(d + gd::flags, static_cast<u16>(flags & ~gd::FLAG_INODE_UNINIT));
        set_bitmap_checksum(fs, d, map, true);
        fs.group_desc_dirty(group);
        return map;
    }
    return fs.cache().get(where);
}

Result<void> add_free_blocks(Fs& fs, i64 delta) {
    u8* sb = TRY(fs.superblock());
    u64 free = le32(sb + sb::free_blocks_count_lo);
    if (fs.geometry().is_64bit) free |= u64{le32(sb + sb::free_blocks_count_hi)} << 32;
    free = static_cast<u64>(static_cast<i64>(free) + delta);
    put_le32(sb + sb::free_blocks_count_lo, static_cast<u32>(free));
    if (fs.geometry().is_64bit)
        put_le32(sb + sb::free_blocks_count_hi, static_cast<u32>(free >> 32));
    fs.superblock_dirty();
    return {};
}

Result<void> add_free_inodes(Fs& fs, i32 delta) {
    u8* sb = TRY(fs.superblock());
    put_le32(sb + sb::free_inodes_count,
             static_cast<u32>(static_cast<i32>(le32(sb + sb::free_inodes_count)) + delta));
    fs.superblock_dirty();
    return {};
}

}  // namespace

Result<u64> alloc_block(Fs& fs, u64 goal) {
    TRY(fs.ensure_writable());
    const Geometry& g = fs.geometry();
    if (goal < g.first_data_block || goal >= g.blocks_count) goal = g.first_data_block;
    u32 start_group = g.group_of_block(goal);
    for (u32 k = 0; k < g.group_count; k++) {
        u32 group = (start_group + k) % g.group_count;
        u8* d = TRY(fs.group_desc(group));
        u32 free = fs.gd_get(d, gd::free_blocks_count_lo, gd::free_blocks_count_hi, false);
        if (free == 0) continue;
        u8* map = TRY(block_bitmap(fs, group, d));
        u32 n = g.blocks_in_group(group);
        u32 from = k == 0 ? static_cast<u32>(goal - g.group_first_block(group)) : 0;
        u32 bit = find_usable(fs, map, group, from, n);
        if (bit == n && from) bit = find_usable(fs, map, group, 0, from);
        if (bit >= n) continue;  // full, or only blocks freed since the last commit are left
        set_bit(map, bit);
        fs.gd_set(d, gd::free_blocks_count_lo, gd::free_blocks_count_hi, false, free - 1);
        set_bitmap_checksum(fs, d, map, false);
        fs.cache().mark_dirty(fs.gd_block_bitmap(d));
        fs.group_desc_dirty(group);
        TRY(add_free_blocks(fs, -1));
        return g.group_first_block(group) + bit;
    }
    return Error(ENOSPC);
}

Result<void> free_blocks(Fs& fs, u64 start, u32 count) {
    const Geometry& g = fs.geometry();
    if (start < g.first_data_block || start + count > g.blocks_count || start + count < start)
        return corrupt("freeing blocks outside the file system", 0);
    while (count) {
        u32 group = g.group_of_block(start);
        u32 bit = static_cast<u32>(start - g.group_first_block(group));
        u32 n = g.blocks_in_group(group) - bit;
        if (n > count) n = count;
        u8* d = TRY(fs.group_desc(group));
        u8* map = TRY(block_bitmap(fs, group, d));
        for (u32 i = 0; i < n; i++) {
            if (!test_bit(map, bit + i)) return corrupt("freeing a free block", 0);
            clear_bit(map, bit + i);
            fs.cache().forget(start + i);
        }
        u32 free = fs.gd_get(d, gd::free_blocks_count_lo, gd::free_blocks_count_hi, false);
        fs.gd_set(d, gd::free_blocks_count_lo, gd::free_blocks_count_hi, false, free + n);
        set_bitmap_checksum(fs, d, map, false);
        fs.cache().mark_dirty(fs.gd_block_bitmap(d));
        fs.group_desc_dirty(group);
        TRY(add_free_blocks(fs, n));
        TRY(fs.note_freed(start, n));
        start += n;
        count -= n;
    }
    return {};
}

Result<u32> alloc_inode(Fs& fs, u32 parent, bool is_dir) {
    TRY(fs.ensure_writable());
    const Geometry& g = fs.geometry();
    u32 start_group = parent ? (parent - 1) / g.inodes_per_group : 0;
    for (u32 k = 0; k < g.group_count; k++) {
        u32 group = (start_group + k) % g.group_count;
        u8* d = TRY(fs.group_desc(group));
        u32 free = fs.gd_get(d, gd::free_inodes_count_lo, gd::free_inodes_count_hi, false);
        if (free == 0) continue;
        u8* map = TRY(inode_bitmap(fs, group, d));
        u32 from = group == 0 ? g.first_ino - 1 : 0;
        u32 bit = find_clear(map, from, g.inodes_per_group);
        if (bit >= g.inodes_per_group) continue;
        set_bit(map, bit);
        fs.gd_set(d, gd::free_inodes_count_lo, gd::free_inodes_count_hi, false, free - 1);
        if (is_dir) {
            u32 dirs = fs.gd_get(d, gd::used_dirs_count_lo, gd::used_dirs_count_hi, false);
            fs.gd_set(d, gd::used_dirs_count_lo, gd::used_dirs_count_hi, false, dirs + 1);
        }
        if (g.metadata_csum || g.gdt_csum) {
            u32 unused = fs.gd_get(d, gd::itable_unused_lo, gd::itable_unused_hi, false);
            if (bit + 1 > g.inodes_per_group - unused)
                fs.gd_set(d, gd::itable_unused_lo, gd::itable_unused_hi, false,
                          g.inodes_per_group - bit - 1);
        }
        set_bitmap_checksum(fs, d, map, true);
        fs.cache().mark_dirty(fs.gd_inode_bitmap(d));
        fs.group_desc_dirty(group);
        TRY(add_free_inodes(fs, -1));
        return group * g.inodes_per_group + bit + 1;
    }
    return Error(ENOSPC);
}

Result<void> free_inode(Fs& fs, u32 ino, bool is_dir) {
    const Geometry& g = fs.geometry();
    if (ino < g.first_ino || ino > g.inodes_count) return corrupt("freeing a reserved inode", ino);
    u32 group = (ino - 1) / g.inodes_per_group, bit = (ino - 1) % g.inodes_per_group;
    u8* d = TRY(fs.group_desc(group));
    u8* map = TRY(inode_bitmap(fs, group, d));
    if (!test_bit(map, bit)) return corrupt("freeing a free inode", ino);
    clear_bit(map, bit);
    u32 free = fs.gd_get(d, gd::free_inodes_count_lo, gd::free_inodes_count_hi, false);
    fs.gd_set(d, gd::free_inodes_count_lo, gd::free_inodes_count_hi, false, free + 1);
    if (is_dir) {
        u32 dirs = fs.gd_get(d, gd::used_dirs_count_lo, gd::used_dirs_count_hi, false);
        fs.gd_set(d, gd::used_dirs_count_lo, gd::used_dirs_count_hi, false, dirs - 1);
    }
    set_bitmap_checksum(fs, d, map, true);
    fs.cache().mark_dirty(fs.gd_inode_bitmap(d));
    fs.group_desc_dirty(group);
    return add_free_inodes(fs, 1);
}

}  // namespace ext4
