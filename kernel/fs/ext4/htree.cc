// kernel/fs/ext4/htree.cc — indexed directories (dir_index): lookup by hash, insertion, leaf splits.
//
// Block 0 of an indexed directory holds "." and "..", whose rec_len hides the root of a
// hash tree: a small header (hash version, depth) and sorted {hash, block} entries, the
// first with an implied hash 0. Interior nodes (with largedir, up to two levels) are
// blocks whose single empty entry spans the block. Leaves are ordinary directory blocks
// holding the names whose hashes fall in their range. A full leaf splits: its entries
// are sorted by hash, the upper half moves to a new block appended to the directory,
// and the index gets an entry for it. A full root moves its entries into a new node
// (one more level); a full node under the root splits in two. A third level (largedir)
// is not made here: such a directory gets ENOSPC. A linear directory whose single block
// fills becomes indexed, as in Linux: its entries move to block 1 and block 0 becomes
// the root.
#include "fs/ext4/internal.hh"

namespace ext4 {

namespace {

constexpr u32 MAX_LEVELS = 3;

struct Frame {
    u64 physical;
    u8* block;
    u32 count_offset;  // where {limit, count} sit
    u32 at;            // the entry followed
};

struct Path {
    Frame frames[MAX_LEVELS];
    u32 levels;  // frames used
    u32 hash;
    u32 leaf;
    u32 next_leaf;  // the leaf after, when it continues this hash; else 0
};

u32 dx_block_of(const u8* node, u32 count_offset, u32 i) {
    return le32(node + count_offset + dx::ENTRY * i + 4) & 0x0FFFFFFF;
}
u32 dx_hash_of(const u8* node, u32 count_offset, u32 i) {
    return i ? le32(node + count_offset + dx::ENTRY * i) : 0;
}

u8 root_hash_version(const Fs& fs, const u8* root) {
    u8 v = root[dx::ROOT_INFO + dx::info_hash_version];
    if (v <= dx::HASH_TEA && fs.geometry().hash_version >= dx::UNSIGNED_DELTA)
        v += dx::UNSIGNED_DELTA;
    return v;
}

Result<void> check_node(Fs& fs, Inode& dir, const u8* node, u32 count_offset) {
    u32 limit = le16(node + count_offset), count = le16(node + count_offset + 2);
    u32 tail = fs.geometry().metadata_csum ? dx::TAIL : 0;
    if (count == 0 || count > limit ||
        count_offset + limit * dx::ENTRY + tail > fs.geometry().block_size)
        return corrupt("htree node count", dir.ino);
    if (!dx_checksum_ok(fs, dir, node, count_offset))
        return corrupt("htree node checksum", dir.ino);
    return {};
}

Result<Path> walk(Fs& fs, Inode& dir, StrView name) {
    Path p{};
    u64 pb = 0;
    u8* root = TRY(dir_block(fs, dir, 0, &pb));
    const u8* info = root + dx::ROOT_INFO;
    u32 levels = info[dx::info_indirect_levels];
    bool largedir = fs.geometry().incompat & feature::INCOMPAT_LARGEDIR;
    if (le32(info) != 0 || info[dx::info_length] != 8 || levels >= (largedir ? 3u : 2u) ||
        info[dx::info_hash_version] > dx::HASH_TEA + dx::UNSIGNED_DELTA)
        return corrupt("htree root", dir.ino);
    p.hash = dx_hash(fs, name, root_hash_version(fs, root));
    u8* node = root;
    u32 off = dx::ROOT_ENTRIES;
    u32 dir_blocks = static_cast<u32>(dir.size() / fs.geometry().block_size);
    for (u32 level = 0;; level++) {
        TRY(check_node(fs, dir, node, off));
        u32 count = le16(node + off + 2);
        u32 i = 0;
        for (u32 k = 1; k < count; k++)
            if (dx_hash_of(node, off, k) <= p.hash) i = k;
        p.frames[level] = Frame{pb, node, off, i};
        p.levels = level + 1;
        u32 blk = dx_block_of(node, off, i);
        if (blk == 0 || blk >= dir_blocks)
            return corrupt("htree entry outside the directory", dir.ino);
        if (level == levels) {
            p.leaf = blk;
            if (i + 1 < count && (dx_hash_of(node, off, i + 1) & ~1u) == p.hash)
                p.next_leaf = dx_block_of(node, off, i + 1);
            return p;
        }
        node = TRY(dir_block(fs, dir, blk, &pb));
        if (le32(node + de::inode) != 0 || le16(node + de::rec_len) != fs.geometry().block_size)
            return corrupt("htree interior node", dir.ino);
        off = dx::NODE_ENTRIES;
    }
}

struct Item {
    u32 hash;
    u32 offset;
};

/// Writes the entries listed in @p items (from @p src) packed into @p dst.
void pack(const Fs& fs, u8* dst, const u8* src, const Item* items, u32 n) {
    u32 end = dir_leaf_end(fs), off = 0;
    memset(dst, 0, fs.geometry().block_size);
    for (u32 i = 0; i < n; i++) {
        const u8* e = src + items[i].offset;
        u32 len = e[de::name_len];
        u32 rec = i + 1 == n ? end - off : de::rec_len_for(len);
        put_entry(dst + off, le32(e + de::inode), e[de::file_type],
                  StrView(reinterpret_cast<const char*>(e + de::name), len), rec);
        off += rec;
    }
    if (n == 0) put_entry(dst, 0, 0, StrView(), end);
}

/// A new, empty interior node appended to the directory.
Result<Frame> new_node(Fs& fs, Inode& dir, u64 goal) {
    u32 bs = fs.geometry().block_size;
    u32 lblock = static_cast<u32>(dir.size() / bs);
    u64 pb = TRY(alloc_block(fs, goal));
    TRY(extent_insert(fs, dir, lblock, pb, 1));
    fs.add_blocks(dir, 1);
    dir.set_size(dir.size() + bs);
    u8* node = TRY(fs.cache().get_new(pb));
    put_le16(node + de::rec_len, static_cast<u16>(bs));  // one empty entry spanning the block
    u32 tail = fs.geometry().metadata_csum ? dx::TAIL : 0;
    put_le16(node + dx::NODE_ENTRIES, static_cast<u16>((bs - dx::NODE_ENTRIES - tail) / dx::ENTRY));
    return Frame{pb, node, dx::NODE_ENTRIES, lblock};  // "at" carries the node's logical block
}

void node_dirty(Fs& fs, Inode& dir, const Frame& f) {
    set_dx_checksum(fs, dir, f.block, f.count_offset);
    fs.cache().mark_dirty(f.physical);
}

/// Makes room for one more entry in the deepest index node of @p p: a full root moves
/// its entries into a new node below it (the tree grows a level); a full node splits
/// in two under the root. Updates @p p to the node that will take the entry.
Result<void> make_room(Fs& fs, Inode& dir, Path& p) {
    Frame& last = p.frames[p.levels - 1];
    u32 count = le16(last.block + last.count_offset + 2);
    if (count < le16(last.block + last.count_offset)) return {};
    Frame& root = p.frames[0];
    if (p.levels == 1) {
        Frame node = TRY(new_node(fs, dir, root.physical + 1));
        u32 node_lblock = node.at;
        memcpy(node.block + dx::NODE_ENTRIES + 4, root.block + root.count_offset + 4,
               count * dx::ENTRY - 4);
        put_le16(node.block + dx::NODE_ENTRIES + 2, static_cast<u16>(count));
        put_le16(root.block + root.count_offset + 2, 1);
        put_le32(root.block + root.count_offset + 4, node_lblock);
        root.block[dx::ROOT_INFO + dx::info_indirect_levels] = 1;
        node.at = root.at;
        root.at = 0;
        node_dirty(fs, dir, root);
        node_dirty(fs, dir, node);
        p.frames[1] = node;
        p.levels = 2;
        return {};
    }
    if (p.levels > 2) return Error(ENOSPC);  // splitting a middle level (largedir): not yet
    u32 root_count = le16(root.block + root.count_offset + 2);
    if (root_count >= le16(root.block + root.count_offset)) return Error(ENOSPC);
    Frame upper = TRY(new_node(fs, dir, last.physical + 1));
    u32 upper_lblock = upper.at, half = count / 2;
    u32 split_hash = le32(last.block + last.count_offset + dx::ENTRY * half);
    memcpy(upper.block + dx::NODE_ENTRIES + 4,
           last.block + last.count_offset + dx::ENTRY * half + 4, (count - half) * dx::ENTRY - 4);
    put_le16(upper.block + dx::NODE_ENTRIES + 2, static_cast<u16>(count - half));
    put_le16(last.block + last.count_offset + 2, static_cast<u16>(half));
    u8* at = root.block + root.count_offset + dx::ENTRY * (root.at + 1);
    memmove(at + dx::ENTRY, at, dx::ENTRY * (root_count - root.at - 1));
    put_le32(at, split_hash);
    put_le32(at + 4, upper_lblock);
    put_le16(root.block + root.count_offset + 2, static_cast<u16>(root_count + 1));
    node_dirty(fs, dir, root);
    node_dirty(fs, dir, last);
    node_dirty(fs, dir, upper);
    if (last.at >= half) {
        upper.at = last.at - half;
        root.at++;
        last = upper;
    }
    return {};
}

}  // namespace

bool dx_indexed(const Fs& fs, const Inode& dir) {
    return (dir.flags() & ino::FLAG_INDEX) && (fs.geometry().compat & feature::COMPAT_DIR_INDEX);
}

Result<u32> dx_find_leaf(Fs& fs, Inode& dir, StrView name, u32* next_leaf) {
    Path p = TRY(walk(fs, dir, name));
    *next_leaf = p.next_leaf;
    return p.leaf;
}

Result<void> dx_add(Fs& fs, Inode& dir, StrView name, u32 ino, u8 type) {
    Path p = TRY(walk(fs, dir, name));
    u64 leaf_pb = 0;
    u8* leaf = TRY(dir_block(fs, dir, p.leaf, &leaf_pb));
    u32 live = 0;
    TRY(for_each_entry(fs, dir, leaf, [&](u32, u32, u8, StrView) {
        live++;
        return true;
    }));
    if (add_to_leaf(fs, leaf, name, ino, type)) {
        dir_leaf_dirty(fs, dir, leaf_pb, leaf);
        return {};
    }
    TRY(make_room(fs, dir, p));
    Frame& parent = p.frames[p.levels - 1];
    u32 count = le16(parent.block + parent.count_offset + 2);

    // Split the leaf by hash.
    fs::Buffer items_buf = TRY(fs::Buffer::zeroed((live ? live : 1) * sizeof(Item)));
    Item* items = reinterpret_cast<Item*>(items_buf.data());
    u32 n = 0;
    u8 version = root_hash_version(fs, p.frames[0].block);
    TRY(for_each_entry(fs, dir, leaf, [&](u32 off, u32, u8, StrView nm) {
        items[n++] = Item{dx_hash(fs, nm, version), off};
        return true;
    }));
    for (u32 i = 1; i < n; i++)  // insertion sort: a leaf holds at most a few hundred names
        for (u32 j = i; j > 0 && items[j - 1].hash > items[j].hash; j--) {
            Item t = items[j];
            items[j] = items[j - 1];
            items[j - 1] = t;
        }
    u32 split = n / 2;
    if (split == 0) return Error(ENOSPC);
    u32 hash2 = items[split].hash;
    u32 continued = hash2 == items[split - 1].hash ? 1 : 0;

    fs::Buffer old = TRY(fs::Buffer::copy_of(leaf, fs.geometry().block_size));
    u32 new_lblock = static_cast<u32>(dir.size() / fs.geometry().block_size);
    u64 new_pb = TRY(alloc_block(fs, leaf_pb + 1));
    TRY(extent_insert(fs, dir, new_lblock, new_pb, 1));
    fs.add_blocks(dir, 1);
    dir.set_size(dir.size() + fs.geometry().block_size);
    u8* fresh = TRY(fs.cache().get_new(new_pb));
    pack(fs, leaf, old.data(), items, split);
    pack(fs, fresh, old.data(), items + split, n - split);
    dir_leaf_dirty(fs, dir, leaf_pb, leaf);
    dir_leaf_dirty(fs, dir, new_pb, fresh);

    // The index gets {hash2, new block} right after the entry that led here.
    u8* at = parent.block + parent.count_offset + dx::ENTRY * (parent.at + 1);
    memmove(at + dx::ENTRY, at, dx::ENTRY * (count - parent.at - 1));
    put_le32(at, hash2 | continued);
    put_le32(at + 4, new_lblock);
    put_le16(parent.block + parent.count_offset + 2, static_cast<u16>(count + 1));
    set_dx_checksum(fs, dir, parent.block, parent.count_offset);
    fs.cache().mark_dirty(parent.physical);

    bool upper = p.hash > hash2 || (p.hash == hash2 && !continued);
    u8* target = upper ? fresh : leaf;
    u64 target_pb = upper ? new_pb : leaf_pb;
    if (!add_to_leaf(fs, target, name, ino, type)) return Error(ENOSPC);
    dir_leaf_dirty(fs, dir, target_pb, target);
    return {};
}

Result<void> dx_make_indexed(Fs& fs, Inode& dir) {
    const Geometry& g = fs.geometry();
    u32 bs = g.block_size;
    u64 pb0 = 0;
    u8* b0 = TRY(dir_block(fs, dir, 0, &pb0));
    fs::Buffer old = TRY(fs::Buffer::copy_of(b0, bs));
    u32 first_rec = le16(old.data() + de::rec_len);
    if (first_rec + de::HEADER + 2 > bs) return corrupt("a directory without \"..\"", dir.ino);
    const u8* dotdot = old.data() + first_rec;
    fs::Buffer items_buf = TRY(fs::Buffer::zeroed(bs / de::HEADER * sizeof(Item)));
    Item* items = reinterpret_cast<Item*>(items_buf.data());
    u32 n = 0;
    TRY(for_each_entry(fs, dir, old.data(), [&](u32 off, u32, u8, StrView name) {
        if (!(name == StrView(".")) && !(name == StrView(".."))) items[n++] = Item{0, off};
        return true;
    }));
    // The entries move to a new leaf, block 1; block 0 becomes the root of the index.
    u64 leaf_pb = TRY(alloc_block(fs, pb0 + 1));
    TRY(extent_insert(fs, dir, 1, leaf_pb, 1));
    fs.add_blocks(dir, 1);
    dir.set_size(dir.size() + bs);
    u8* leaf = TRY(fs.cache().get_new(leaf_pb));
    pack(fs, leaf, old.data(), items, n);
    dir_leaf_dirty(fs, dir, leaf_pb, leaf);

    b0 = TRY(fs.cache().get(pb0));
    memset(b0, 0, bs);
    u8 dir_type = (g.incompat & feature::INCOMPAT_FILETYPE) ? FT_DIR : 0;
    put_entry(b0, dir.ino, dir_type, ".", 12);
    put_entry(b0 + 12, le32(dotdot + de::inode), dir_type, "..", bs - 12);
    u8 version =
        g.hash_version >= dx::UNSIGNED_DELTA ? g.hash_version - dx::UNSIGNED_DELTA : g.hash_version;
    b0[dx::ROOT_INFO + dx::info_hash_version] = version;
    b0[dx::ROOT_INFO + dx::info_length] = 8;
    u32 tail = g.metadata_csum ? dx::TAIL : 0;
    put_le16(b0 + dx::ROOT_ENTRIES, static_cast<u16>((bs - dx::ROOT_ENTRIES - tail) / dx::ENTRY));
    put_le16(b0 + dx::ROOT_ENTRIES + 2, 1);
    put_le32(b0 + dx::ROOT_ENTRIES + 4, 1);
    dir.set_flags(dir.flags() | ino::FLAG_INDEX);
    set_dx_checksum(fs, dir, b0, dx::ROOT_ENTRIES);
    fs.cache().mark_dirty(pb0);
    return {};
}

}  // namespace ext4
