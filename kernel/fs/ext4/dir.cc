// kernel/fs/ext4/dir.cc — directory blocks: finding, adding and removing entries.
//
// A directory's blocks hold variable-length entries (inode, rec_len, name_len, type,
// name) that tile each block; with metadata_csum the last 12 bytes of a leaf are a fake
// entry holding the block's checksum. A removed entry is merged into the one before
// it, or (first in its block) keeps its space with inode 0. Adding looks for an entry
// with enough slack in any block, else appends a block. Indexed directories (htree.cc)
// only change how the leaf is found.
#include "fs/ext4/internal.hh"

namespace ext4 {

u32 dir_leaf_end(const Fs& fs) {
    return fs.geometry().block_size - (fs.geometry().metadata_csum ? de::TAIL : 0);
}

Result<u8*> dir_block(Fs& fs, Inode& dir, u32 lblock, u64* physical) {
    Mapping m = TRY(extent_map(fs, dir, lblock));
    if (m.physical == 0) return corrupt("hole in a directory", dir.ino);
    if (physical) *physical = m.physical;
    return fs.cache().get(m.physical);
}

void put_entry(u8* at, u32 ino, u8 type, StrView name, u32 rec_len) {
    put_le32(at + de::inode, ino);
    put_le16(at + de::rec_len, static_cast<u16>(rec_len));
    at[de::name_len] = static_cast<u8>(name.len);
    at[de::file_type] = type;
    memcpy(at + de::name, name.data, name.len);
}

void dir_leaf_dirty(Fs& fs, Inode& dir, u64 physical, u8* block) {
    set_dir_leaf_checksum(fs, dir, block);
    fs.cache().mark_dirty(physical);
}

namespace {

u32 dir_blocks(const Fs& fs, const Inode& dir) {
    return static_cast<u32>(dir.size() / fs.geometry().block_size);
}

Result<bool> find_in_leaf(Fs& fs, Inode& dir, u32 lblock, StrView name, DirSlot& out) {
    const u8* b = TRY(dir_block(fs, dir, lblock));
    bool found = false;
    TRY(for_each_entry(fs, dir, b, [&](u32 off, u32 ino, u8 type, StrView n) {
        if (!(n == name)) return true;
        out = DirSlot{lblock, off, ino, type};
        found = true;
        return false;
    }));
    return found;
}

}  // namespace

bool add_to_leaf(const Fs& fs, u8* block, StrView name, u32 ino, u8 type) {
    u32 need = de::rec_len_for(static_cast<u32>(name.len)), end = dir_leaf_end(fs);
    for (u32 off = 0; off + de::HEADER <= end;) {
        u8* e = block + off;
        u32 rec = le16(e + de::rec_len);
        if (rec < de::HEADER || off + rec > end) return false;
        u32 used = le32(e + de::inode) ? de::rec_len_for(e[de::name_len]) : 0;
        if (rec - used >= need) {
            if (used) {
                put_le16(e + de::rec_len, static_cast<u16>(used));
                put_entry(e + used, ino, type, name, rec - used);
            } else {
                put_entry(e, ino, type, name, rec);
            }
            return true;
        }
        off += rec;
    }
    return false;
}

Result<DirSlot> dir_find(Fs& fs, Inode& dir, StrView name) {
    DirSlot slot{};
    if (dx_indexed(fs, dir)) {
        u32 next = 0;
        u32 leaf = TRY(dx_find_leaf(fs, dir, name, &next));
        if (TRY(find_in_leaf(fs, dir, leaf, name, slot))) return slot;
        while (next) {  // a hash collision continues in the next leaf
            leaf = next;
            next = 0;
            if (TRY(find_in_leaf(fs, dir, leaf, name, slot))) return slot;
        }
        return Error(ENOENT);
    }
    u32 n = dir_blocks(fs, dir);
    for (u32 lb = 0; lb < n; lb++)
        if (TRY(find_in_leaf(fs, dir, lb, name, slot))) return slot;
    return Error(ENOENT);
}

Result<void> dir_add(Fs& fs, Inode& dir, StrView name, u32 ino, u8 type) {
    if (!(fs.geometry().incompat & feature::INCOMPAT_FILETYPE)) type = 0;
    if (dx_indexed(fs, dir)) return dx_add(fs, dir, name, ino, type);
    u32 n = dir_blocks(fs, dir);
    u64 last = 0;
    for (u32 lb = 0; lb < n; lb++) {
        u8* b = TRY(dir_block(fs, dir, lb, &last));
        TRY(for_each_entry(fs, dir, b, [](u32, u32, u8, StrView) { return true; }));  // checks it
        if (add_to_leaf(fs, b, name, ino, type)) {
            dir_leaf_dirty(fs, dir, last, b);
            return {};
        }
    }
    if (n == 1 && (fs.geometry().compat & feature::COMPAT_DIR_INDEX)) {
        TRY(dx_make_indexed(fs, dir));
        return dx_add(fs, dir, name, ino, type);
    }
    u64 pb = TRY(alloc_block(fs, last ? last + 1 : 0));
    TRY(extent_insert(fs, dir, n, pb, 1));
    fs.add_blocks(dir, 1);
    dir.set_size(dir.size() + fs.geometry().block_size);
    u8* b = TRY(fs.cache().get_new(pb));
    put_entry(b, ino, type, name, dir_leaf_end(fs));
    dir_leaf_dirty(fs, dir, pb, b);
    return {};
}

Result<void> dir_remove(Fs& fs, Inode& dir, StrView name) {
    DirSlot slot = TRY(dir_find(fs, dir, name));
    u64 pb = 0;
    u8* b = TRY(dir_block(fs, dir, slot.lblock, &pb));
    u8* e = b + slot.offset;
    u32 prev = ~0u;
    for (u32 off = 0; off < slot.offset; off += le16(b + off + de::rec_len)) prev = off;
    if (prev != ~0u)
        put_le16(b + prev + de::rec_len,
                 static_cast<u16>(le16(b + prev + de::rec_len) + le16(e + de::rec_len)));
    else put_le32(e + de::inode, 0);
    dir_leaf_dirty(fs, dir, pb, b);
    return {};
}

Result<bool> dir_is_empty(Fs& fs, Inode& dir) {
    u32 n = dir_blocks(fs, dir);
    for (u32 lb = 0; lb < n; lb++) {
        const u8* b = TRY(dir_block(fs, dir, lb));
        bool empty = true;
        TRY(for_each_entry(fs, dir, b, [&](u32, u32, u8, StrView name) {
            if (name == StrView(".") || name == StrView("..")) return true;
            empty = false;
            return false;
        }));
        if (!empty) return false;
    }
    return true;
}

Result<void> dir_set_dotdot(Fs& fs, Inode& dir, u32 parent) {
    u64 pb = 0;
    u8* b = TRY(dir_block(fs, dir, 0, &pb));
    u32 off = le16(b + de::rec_len);
    if (off + de::HEADER + 2 > fs.geometry().block_size || b[off + de::name_len] != 2 ||
        b[off + de::name] != '.')
        return corrupt("a directory without \"..\"", dir.ino);
    put_le32(b + off + de::inode, parent);
    if (dx_indexed(fs, dir)) {
        set_dx_checksum(fs, dir, b, dx::ROOT_ENTRIES);
        fs.cache().mark_dirty(pb);
    } else {
        dir_leaf_dirty(fs, dir, pb, b);
    }
    return {};
}

Result<void> dir_init(Fs& fs, Inode& dir, u32 parent) {
    u64 pb = TRY(alloc_block(
        fs, fs.geometry().group_first_block((dir.ino - 1) / fs.geometry().inodes_per_group)));
    TRY(extent_insert(fs, dir, 0, pb, 1));
    fs.add_blocks(dir, 1);
    dir.set_size(fs.geometry().block_size);
    u8* b = TRY(fs.cache().get_new(pb));
    bool ft = fs.geometry().incompat & feature::INCOMPAT_FILETYPE;
    put_entry(b, dir.ino, ft ? FT_DIR : 0, ".", 12);
    put_entry(b + 12, parent, ft ? FT_DIR : 0, "..", dir_leaf_end(fs) - 12);
    dir_leaf_dirty(fs, dir, pb, b);
    return {};
}

}  // namespace ext4
