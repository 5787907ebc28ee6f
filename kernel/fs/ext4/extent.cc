// kernel/fs/ext4/extent.cc — extent trees: mapping file blocks to disk blocks, growing, truncating.
//
// The root node sits in the inode's i_block (room for 4 entries); deeper nodes are whole
// blocks with a checksum tail. Index entries point to the node covering blocks from
// their key on, and each index key equals the first key of its child (e2fsck checks
// that). Insertion merges with a neighbouring extent when the blocks are contiguous;
// a full node splits (an append starts a new node instead of moving half), and a full
// root moves its entries to a new block and becomes an index of one entry, so the tree
// grows at the top as a B-tree does.
#include "fs/ext4/internal.hh"

namespace ext4 {

namespace {

u16 entries(const u8* h) { return le16(h + ext::h_entries); }
u16 max_entries(const u8* h) { return le16(h + ext::h_max); }
u16 depth_of(const u8* h) { return le16(h + ext::h_depth); }
u8* entry(u8* h, u32 i) { return h + ext::HEADER + ext::ENTRY * i; }
const u8* entry(const u8* h, u32 i) { return h + ext::HEADER + ext::ENTRY * i; }
u32 key(const u8* e) { return le32(e); }  // ee_block and ei_block are both first

u32 ee_len(const u8* e) {
    u32 l = le16(e + ext::ee_len);
    return l > ext::MAX_INIT_LEN ? l - ext::MAX_INIT_LEN : l;
}
bool ee_unwritten(const u8* e) { return le16(e + ext::ee_len) > ext::MAX_INIT_LEN; }
u64 ee_start(const u8* e) {
    return le32(e + ext::ee_start_lo) | u64{le16(e + ext::ee_start_hi)} << 32;
}
void set_ee(u8* e, u32 block, u64 start, u32 len, bool unwritten) {
    put_le32(e + ext::ee_block, block);
    put_le16(e + ext::ee_len, static_cast<u16>(unwritten ? len + ext::MAX_INIT_LEN : len));
    put_le16(e + ext::ee_start_hi, static_cast<u16>(start >> 32));
    put_le32(e + ext::ee_start_lo, static_cast<u32>(start));
}
u64 ei_leaf(const u8* e) {
    return le32(e + ext::ei_leaf_lo) | u64{le16(e + ext::ei_leaf_hi)} << 32;
}
void set_ei(u8* e, u32 block, u64 leaf) {
    put_le32(e + ext::ei_block, block);
    put_le32(e + ext::ei_leaf_lo, static_cast<u32>(leaf));
    put_le16(e + ext::ei_leaf_hi, static_cast<u16>(leaf >> 32));
    put_le16(e + 10, 0);
}
void set_header(u8* h, u16 n, u16 max, u16 depth) {
    put_le16(h + ext::h_magic, ext::MAGIC);
    put_le16(h + ext::h_entries, n);
    put_le16(h + ext::h_max, max);
    put_le16(h + ext::h_depth, depth);
    put_le32(h + 8, 0);
}
u16 block_capacity(const Fs& fs) {
    return static_cast<u16>((fs.geometry().block_size - ext::HEADER - ext::TAIL) / ext::ENTRY);
}

Result<void> check_header(const Fs& fs, const u8* h, bool root, u32 depth, u32 ino) {
    if (le16(h + ext::h_magic) != ext::MAGIC) return corrupt("extent header magic", ino);
    u16 max = max_entries(h);
    if (root ? max > 4 : max > block_capacity(fs)) return corrupt("extent node size", ino);
    if (max == 0 || entries(h) > max) return corrupt("extent node entries", ino);
    if (depth_of(h) != depth || depth > ext::MAX_DEPTH) return corrupt("extent tree depth", ino);
    return {};
}

Result<u8*> read_node(Fs& fs, Inode& in, u64 block, u32 depth) {
    if (block < fs.geometry().first_data_block || block >= fs.geometry().blocks_count)
        return corrupt("extent index outside the file system", in.ino);
    u8* h = TRY(fs.cache().get(block));
    TRY(check_header(fs, h, false, depth, in.ino));
    if (!extent_block_checksum_ok(fs, in, h)) return corrupt("extent block checksum", in.ino);
    return h;
}

void node_dirty(Fs& fs, Inode& in, u8* h, u64 block) {
    if (block == 0) return;  // the root: the caller writes the inode
    set_extent_block_checksum(fs, in, h);
    fs.cache().mark_dirty(block);
}

/// Index of the last entry whose key is <= @p lblock, or -1.
int find(const u8* h, u32 lblock) {
    int lo = 0, hi = entries(h) - 1, found = -1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        if (key(entry(h, mid)) <= lblock) {
            found = mid;
            lo = mid + 1;
        } else {
            hi = mid - 1;
        }
    }
    return found;
}

struct Split {
    bool happened = false;
    u32 key = 0;
    u64 block = 0;
};

Result<u64> new_node(Fs& fs, Inode& in, u64 goal) {
    u64 b = TRY(alloc_block(fs, goal));
    TRY(fs.cache().get_new(b));
    fs.add_blocks(in, 1);
    return b;
}

/// Adds a 12-byte entry at @p pos of a node, splitting it (or growing the root) when full.
Result<Split> add_entry(Fs& fs, Inode& in, u8* h, u64 block, u32 pos, const u8* e) {
    u32 n = entries(h), max = max_entries(h), depth = depth_of(h);
    if (n < max) {
        memmove(entry(h, pos + 1), entry(h, pos), (n - pos) * ext::ENTRY);
        memcpy(entry(h, pos), e, ext::ENTRY);
        put_le16(h + ext::h_entries, static_cast<u16>(n + 1));
        node_dirty(fs, in, h, block);
        return Split{};
    }
    u64 goal = block ? block : (depth == 0 ? ee_start(e) : ei_leaf(e));
    u64 nb = TRY(new_node(fs, in, goal));
    u8* nh = TRY(fs.cache().get(nb));
    if (block == 0) {
        // Grow at the top: the root's entries move down into the new block.
        set_header(nh, static_cast<u16>(n), block_capacity(fs), static_cast<u16>(depth));
        memcpy(entry(nh, 0), entry(h, 0), n * ext::ENTRY);
        set_header(h, 1, max_entries(h), static_cast<u16>(depth + 1));
        TRY(add_entry(fs, in, nh, nb, pos, e));  // the new block has room
        set_ei(entry(h, 0), key(entry(nh, 0)), nb);
        node_dirty(fs, in, nh, nb);
        return Split{};
    }
    u32 mid = pos == n ? n : n / 2;
    set_header(nh, static_cast<u16>(n - mid), block_capacity(fs), static_cast<u16>(depth));
    memcpy(entry(nh, 0), entry(h, mid), (n - mid) * ext::ENTRY);
    put_le16(h + ext::h_entries, static_cast<u16>(mid));
    if (pos >= mid) TRY(add_entry(fs, in, nh, nb, pos - mid, e));
    else TRY(add_entry(fs, in, h, block, pos, e));
    node_dirty(fs, in, h, block);
    node_dirty(fs, in, nh, nb);
    return Split{true, key(entry(nh, 0)), nb};
}

Result<Split> insert_in(Fs& fs, Inode& in, u8* h, u64 block, u32 lblock, u64 pblock, u32 len) {
    u32 depth = depth_of(h);
    int i = find(h, lblock);
    if (depth == 0) {
        u32 n = entries(h), pos = static_cast<u32>(i + 1);
        if (i >= 0) {
            u8* p = entry(h, i);
            if (key(p) + ee_len(p) > lblock)
                return corrupt("extent insert over a mapped block", in.ino);
            if (!ee_unwritten(p) && key(p) + ee_len(p) == lblock &&
                ee_start(p) + ee_len(p) == pblock && ee_len(p) + len <= ext::MAX_INIT_LEN) {
                set_ee(p, key(p), ee_start(p), ee_len(p) + len, false);
                node_dirty(fs, in, h, block);
                return Split{};
            }
        }
        if (pos < n) {
            u8* q = entry(h, pos);
            if (lblock + len > key(q)) return corrupt("extent insert over a mapped block", in.ino);
            if (!ee_unwritten(q) && lblock + len == key(q) && pblock + len == ee_start(q) &&
                ee_len(q) + len <= ext::MAX_INIT_LEN) {
                set_ee(q, lblock, pblock, ee_len(q) + len, false);
                node_dirty(fs, in, h, block);
                return Split{};
            }
        }
        u8 e[ext::ENTRY];
        set_ee(e, lblock, pblock, len, false);
        return add_entry(fs, in, h, block, pos, e);
    }
    if (i < 0) i = 0;
    u64 child_block = ei_leaf(entry(h, i));
    u8* child = TRY(read_node(fs, in, child_block, depth - 1));
    Split s = TRY(insert_in(fs, in, child, child_block, lblock, pblock, len));
    put_le32(entry(h, i), key(entry(child, 0)));
    node_dirty(fs, in, h, block);
    if (!s.happened) return Split{};
    u8 e[ext::ENTRY];
    set_ei(e, s.key, s.block);
    return add_entry(fs, in, h, block, static_cast<u32>(i + 1), e);
}

void remove_entry(u8* h, u32 i) {
    u32 n = entries(h);
    memmove(entry(h, i), entry(h, i + 1), (n - i - 1) * ext::ENTRY);
    put_le16(h + ext::h_entries, static_cast<u16>(n - 1));
}

/// Frees what lies at or after @p first under a node; true when the node is left empty.
Result<bool> truncate_in(Fs& fs, Inode& in, u8* h, u64 block, u32 first) {
    u32 depth = depth_of(h);
    for (int i = entries(h) - 1; i >= 0; i--) {
        u8* e = entry(h, i);
        u32 k = key(e);
        if (depth == 0) {
            u32 len = ee_len(e);
            if (k >= first) {
                TRY(free_blocks(fs, ee_start(e), len));
                fs.add_blocks(in, -static_cast<i64>(len));
                remove_entry(h, i);
            } else if (k + len > first) {
                u32 keep = first - k;
                TRY(free_blocks(fs, ee_start(e) + keep, len - keep));
                fs.add_blocks(in, -static_cast<i64>(len - keep));
                set_ee(e, k, ee_start(e), keep, ee_unwritten(e));
            } else {
                break;
            }
        } else {
            u64 cb = ei_leaf(e);
            u8* child = TRY(read_node(fs, in, cb, depth - 1));
            if (TRY(truncate_in(fs, in, child, cb, first))) {
                TRY(free_blocks(fs, cb, 1));
                fs.add_blocks(in, -1);
                remove_entry(h, i);
            }
            if (k < first) break;
        }
    }
    node_dirty(fs, in, h, block);
    return entries(h) == 0;
}

}  // namespace

void extent_init(Inode& in) {
    memset(in.iblock(), 0, ino::BLOCK_BYTES);
    set_header(in.iblock(), 0, 4, 0);
    in.set_flags(in.flags() | ino::FLAG_EXTENTS);
}

Result<Mapping> extent_map(Fs& fs, Inode& in, u32 lblock) {
    if (!in.has_extents())
        return corrupt("a file without extents (ext2/3 block maps are not supported)", in.ino);
    u8* h = in.iblock();
    u32 depth = depth_of(h);
    TRY(check_header(fs, h, true, depth, in.ino));
    for (;;) {
        int i = find(h, lblock);
        if (depth == 0) {
            u32 next_key = static_cast<u32>(i + 1) < entries(h) ? key(entry(h, i + 1)) : ~0u;
            if (i >= 0) {
                const u8* e = entry(h, i);
                u32 len = ee_len(e);
                u64 start = ee_start(e);
                if (len == 0 || start < fs.geometry().first_data_block ||
                    start + len > fs.geometry().blocks_count)
                    return corrupt("extent outside the file system", in.ino);
                if (lblock - key(e) < len) {
                    u32 left = key(e) + len - lblock;
                    if (ee_unwritten(e)) return Mapping{0, left, true};
                    return Mapping{start + (lblock - key(e)), left};
                }
            }
            return Mapping{0, next_key - lblock};
        }
        if (entries(h) == 0) return corrupt("empty extent index node", in.ino);
        if (i < 0) return Mapping{0, key(entry(h, 0)) - lblock};
        h = TRY(read_node(fs, in, ei_leaf(entry(h, i)), depth - 1));
        depth--;
    }
}

Result<void> extent_insert(Fs& fs, Inode& in, u32 lblock, u64 pblock, u32 len) {
    u8* h = in.iblock();
    TRY(check_header(fs, h, true, depth_of(h), in.ino));
    Split s = TRY(insert_in(fs, in, h, 0, lblock, pblock, len));
    if (s.happened)
        return corrupt("extent root split", in.ino);  // add_entry grows the root instead
    return {};
}

Result<void> extent_truncate(Fs& fs, Inode& in, u32 first) {
    u8* h = in.iblock();
    TRY(check_header(fs, h, true, depth_of(h), in.ino));
    if (TRY(truncate_in(fs, in, h, 0, first))) set_header(h, 0, 4, 0);
    return {};
}

}  // namespace ext4
