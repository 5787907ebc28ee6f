// kernel/fs/ext4/internal.hh — the layers under ext4::Fs, shared by the files of this folder only.
//
// extent.cc maps and grows files' extent trees, alloc.cc owns the bitmaps, dir.cc the
// directory blocks, htree.cc the hashed index, checksum.cc the metadata_csum formulas.
#pragma once

#include "fs/ext4/fs.hh"

namespace ext4 {

/// Logs "ext4: <what> (inode <ino>)" and gives EUCLEAN.
Error corrupt(const char* what, u32 ino);

// checksum.cc — metadata_csum checksums (all no-ops when the feature is off).
u32 inode_checksum(const Fs& fs, u32 ino, const u8* raw, u32 inode_size);
void set_group_desc_checksum(const Fs& fs, u32 group, u8* desc);
bool group_desc_checksum_ok(const Fs& fs, u32 group, const u8* desc);
void set_extent_block_checksum(const Fs& fs, const Inode& in, u8* block);
bool extent_block_checksum_ok(const Fs& fs, const Inode& in, const u8* block);
/// A directory leaf's checksum tail: present, and (if verify) right.
bool dir_leaf_has_tail(const Fs& fs, const u8* block);
void set_dir_leaf_checksum(const Fs& fs, const Inode& dir, u8* block);
bool dir_leaf_checksum_ok(const Fs& fs, const Inode& dir, const u8* block);
void set_dx_checksum(const Fs& fs, const Inode& dir, u8* block, u32 count_offset);
bool dx_checksum_ok(const Fs& fs, const Inode& dir, const u8* block, u32 count_offset);
void set_bitmap_checksum(Fs& fs, u8* desc, const u8* bitmap, bool inode_bitmap);

// extent.cc — the extent tree of an inode.
struct Mapping {
    u64 physical;            // 0: a hole (or an unwritten extent, which reads as zeros)
    u32 length;              // blocks from the asked one on that stay contiguous (or stay a hole)
    bool unwritten = false;  // allocated by fallocate, not written yet
};
Result<Mapping> extent_map(Fs& fs, Inode& in, u32 lblock);
/// Maps @p len blocks from @p lblock (a hole) to @p pblock; the caller writes the inode.
Result<void> extent_insert(Fs& fs, Inode& in, u32 lblock, u64 pblock, u32 len);
/// Frees every block at or after @p first; the caller writes the inode.
Result<void> extent_truncate(Fs& fs, Inode& in, u32 first);
/// An empty extent tree in i_block.
void extent_init(Inode& in);

// file.cc — file data.
/// Writes file data, mapping blocks as needed; sets size and times in @p in, which the
/// caller writes. No commit: it may be one step of a larger operation.
Result<usize> write_data(Fs& fs, Inode& in, u64 off, const void* buf, usize len);

// alloc.cc — bitmaps and free counts.
Result<u64> alloc_block(Fs& fs, u64 goal);
Result<void> free_blocks(Fs& fs, u64 start, u32 count);
Result<u32> alloc_inode(Fs& fs, u32 parent, bool is_dir);
Result<void> free_inode(Fs& fs, u32 ino, bool is_dir);

// dir.cc — directory blocks.
struct DirSlot {
    u32 lblock;  // the directory block holding the entry
    u32 offset;  // its offset in the block
    u32 ino;
    u8 type;
};
Result<DirSlot> dir_find(Fs& fs, Inode& dir, StrView name);
Result<void> dir_add(Fs& fs, Inode& dir, StrView name, u32 ino, u8 type);
Result<void> dir_remove(Fs& fs, Inode& dir, StrView name);
Result<bool> dir_is_empty(Fs& fs, Inode& dir);
/// Points ".." of @p dir at @p parent.
Result<void> dir_set_dotdot(Fs& fs, Inode& dir, u32 parent);
/// Writes the first block of a new directory ("." and "..").
Result<void> dir_init(Fs& fs, Inode& dir, u32 parent);
/// Reads logical block @p lblock of a directory through the cache (EUCLEAN for a hole).
Result<u8*> dir_block(Fs& fs, Inode& dir, u32 lblock, u64* physical = nullptr);
/// Checks a leaf's entries; calls fn(offset, ino, type, name) -> bool (false stops).
template <typename Fn>
Result<bool> for_each_entry(Fs& fs, Inode& dir, const u8* block, Fn fn);
/// Writes @p name as an entry in the free space at @p offset (rec_len already set there).
void put_entry(u8* at, u32 ino, u8 type, StrView name, u32 rec_len);
/// Puts an entry in the first gap of a leaf that fits it; false when none does.
bool add_to_leaf(const Fs& fs, u8* block, StrView name, u32 ino, u8 type);
void dir_leaf_dirty(Fs& fs, Inode& dir, u64 physical, u8* block);
u32 dir_leaf_end(const Fs& fs);

// htree.cc — dir_index.
u32 dx_hash(const Fs& fs, StrView name, u8 version);
bool dx_indexed(const Fs& fs, const Inode& dir);
/// The leaf block (logical) that holds @p name's hash.
Result<u32> dx_find_leaf(Fs& fs, Inode& dir, StrView name, u32* next_leaf);
/// Adds an entry to an indexed directory, splitting its leaf when full.
Result<void> dx_add(Fs& fs, Inode& dir, StrView name, u32 ino, u8 type);
/// Turns a linear directory of one (full) block into an indexed one with one leaf.
Result<void> dx_make_indexed(Fs& fs, Inode& dir);

template <typename Fn>
Result<bool> for_each_entry(Fs& fs, Inode& dir, const u8* block, Fn fn) {
    u32 end = dir_leaf_end(fs);
    u32 bs = fs.geometry().block_size;
    if (dir_leaf_has_tail(fs, block)) {
        if (!dir_leaf_checksum_ok(fs, dir, block))
            return corrupt("directory block checksum", dir.ino);
    } else {
        end = bs;
    }
    for (u32 off = 0; off < end;) {
        const u8* e = block + off;
        if (end - off < de::HEADER) return corrupt("directory entry past the block", dir.ino);
        u32 rec = le16(e + de::rec_len);
        u32 nlen = e[de::name_len];
        if (rec < de::HEADER || rec % 4 || rec > end - off || nlen + de::HEADER > rec)
            return corrupt("directory entry length", dir.ino);
        u32 ino = le32(e + de::inode);
        if (ino != 0) {
            if (ino > fs.geometry().inodes_count) return corrupt("directory entry inode", dir.ino);
            if (!fn(off, ino, e[de::file_type],
                    StrView(reinterpret_cast<const char*>(e + de::name), nlen)))
                return false;
        }
        off += rec;
    }
    return true;
}

}  // namespace ext4
