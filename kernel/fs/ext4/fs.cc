// kernel/fs/ext4/fs.cc — mounting and unmounting ext4, group descriptors, inodes, committing.
//
// Mount reads and checks the superblock and every group descriptor, opens the journal
// (inode 8) and replays it when the file system was not unmounted cleanly, then marks
// the file system "needs recovery" until unmount. A commit logs the cache's dirty blocks
// as one jbd2 transaction, writes them in place (the checkpoint) and empties the log.
#include "fs/ext4/fs.hh"

#include "fs/ext4/internal.hh"
#include "fs/jbd2/journal.hh"
#include "lib/log.hh"

namespace ext4 {

namespace {
constexpr usize CACHE_KEEP = 4096;  // clean blocks kept across commits
}

Fs::Fs(fs::BlockDevice& dev, const Geometry& g, const MountOptions& opts)
    : g_(g), opts_(opts), cache_(dev, g.block_size) {
    read_only_ = opts.read_only || g.read_only_features;
    sb_block_ = g.block_size == 1024 ? 1 : 0;
    sb_offset_ = g.block_size == 1024 ? 0 : 1024;
}

Fs::~Fs() {
    if (journal_) journal_->close();
}

Result<Fs*> Fs::mount(fs::BlockDevice& dev, const MountOptions& opts) {
    u8 raw[SUPERBLOCK_SIZE];
    TRY(dev.read(SUPERBLOCK_OFFSET / fs::SECTOR_SIZE, SUPERBLOCK_SIZE / fs::SECTOR_SIZE, raw));
    Geometry g = TRY(parse_superblock(raw));
    if (g.blocks_count > dev.sector_count() / (g.block_size / fs::SECTOR_SIZE)) {
        klog::warn("ext4: the file system is larger than its device");
        return Error(EINVAL);
    }
    Fs* fs = TRY(mm::make<Fs>(dev, g, opts));
    if (auto r = fs->load(); r.is_error()) {
        fs->abandon();
        return Error(r.error());
    }
    return fs;
}

Result<void> Fs::load() {
    TRY(check_group_descs());
    if (g_.has_journal) {
        TRY(open_journal());
        if (journal_->needs_recovery()) {
            if (read_only_ && opts_.read_only) {
                klog::warn("ext4: the journal needs recovery; replaying it on a read-only mount");
            }
            u32 n = TRY(journal_->recover());
            klog::info("ext4: journal replayed, {} transactions", n);
            cache_.evict(0);
            u8* sb = TRY(superblock());
            Geometry again = TRY(parse_superblock(sb));
            g_ = again;
            TRY(check_group_descs());
        }
    } else if (g_.incompat & feature::INCOMPAT_RECOVER) {
        return corrupt("needs_recovery without a journal", 0);
    }
    if (!read_only_) TRY(set_recover_flag(true));
    return {};
}

Result<void> Fs::check_group_descs() {
    for (u32 group = 0; group < g_.group_count; group++) {
        const u8* d = TRY(group_desc(group));
        if (!group_desc_checksum_ok(*this, group, d)) {
            klog::warn("ext4: group {} descriptor checksum mismatch", group);
            return Error(EUCLEAN);
        }
        u64 itable_blocks =
            (u64{g_.inodes_per_group} * g_.inode_size + g_.block_size - 1) / g_.block_size;
        if (gd_block_bitmap(d) >= g_.blocks_count || gd_inode_bitmap(d) >= g_.blocks_count ||
            gd_block_bitmap(d) < g_.first_data_block || gd_inode_bitmap(d) < g_.first_data_block ||
            gd_inode_table(d) < g_.first_data_block ||
            gd_inode_table(d) + itable_blocks > g_.blocks_count) {
            klog::warn("ext4: group {} descriptor points outside the file system", group);
            return Error(EUCLEAN);
        }
    }
    return {};
}

Result<void> Fs::open_journal() {
    Inode j = TRY(read_inode(JOURNAL_INO));
    if (!j.has_extents()) return corrupt("journal without extents", JOURNAL_INO);
    u64 nblocks = j.size() / g_.block_size;
    if (nblocks < 16 || nblocks > (u64{1} << 24)) return corrupt("journal size", JOURNAL_INO);
    fs::Buffer map = TRY(fs::Buffer::zeroed(nblocks * sizeof(u64)));
    u64* phys = reinterpret_cast<u64*>(map.data());
    for (u32 i = 0; i < nblocks;) {
        Mapping m = TRY(extent_map(*this, j, i));
        if (m.physical == 0 || m.length == 0) return corrupt("hole in the journal", JOURNAL_INO);
        for (u32 k = 0; k < m.length && i < nblocks; k++, i++) phys[i] = m.physical + k;
    }
    journal_ = TRY(jbd2::Journal::open(cache_.device(), g_.block_size, std::move(map),
                                       static_cast<u32>(nblocks)));
    return {};
}

Result<void> Fs::set_recover_flag(bool on) {
    if (!g_.has_journal) return {};
    u8* sb = TRY(superblock());
    u32 incompat = le32(sb + sb::feature_incompat);
    incompat =
        on ? (incompat | feature::INCOMPAT_RECOVER) : (incompat & ~feature::INCOMPAT_RECOVER);
    put_le32(sb + sb::feature_incompat, incompat);
    superblock_dirty();
    // Written in place at once: it must be on the disk before any transaction is.
    u8* block = TRY(cache_.get(sb_block_));
    TRY(cache_.write_direct(sb_block_, 1, block));
    return cache_.device().flush();
}

Result<void> Fs::commit() {
    if (cache_.dirty_count() == 0) return {};
    if (journal_) {
        usize n = cache_.dirty_count();
        if (n > journal_->max_transaction_blocks()) {
            klog::error("ext4: a transaction of {} blocks does not fit in the journal", n);
            return Error(ENOSPC);
        }
        fs::Buffer list = TRY(fs::Buffer::zeroed(n * sizeof(jbd2::LoggedBlock)));
        auto* logged = reinterpret_cast<jbd2::LoggedBlock*>(list.data());
        usize i = 0;
        TRY(cache_.for_each_dirty([&](u64 block, u8* bytes) -> Result<void> {
            logged[i++] = {block, bytes};
            return {};
        }));
        TRY(journal_->write_transaction(logged, i));
        if (opts_.skip_checkpoint) {
            cache_.clear_dirty();
            return {};
        }
    }
    TRY(cache_.for_each_dirty(
        [&](u64 block, u8* bytes) { return cache_.write_direct(block, 1, bytes); }));
    TRY(cache_.device().flush());
    if (journal_) TRY(journal_->mark_empty());
    cache_.clear_dirty();
    cache_.evict(CACHE_KEEP);
    freed_count_ = 0;
    return {};
}

namespace {
struct FreedRange {
    u64 start, count;
};
}  // namespace

Result<void> Fs::note_freed(u64 start, u32 count) {
    auto* ranges = reinterpret_cast<FreedRange*>(freed_.data());
    if (freed_count_ && ranges[freed_count_ - 1].start + ranges[freed_count_ - 1].count == start) {
        ranges[freed_count_ - 1].count += count;
        return {};
    }
    if ((freed_count_ + 1) * sizeof(FreedRange) > freed_.size()) {
        fs::Buffer bigger =
            TRY(fs::Buffer::zeroed(freed_.size() ? freed_.size() * 2 : 64 * sizeof(FreedRange)));
        if (freed_count_) memcpy(bigger.data(), freed_.data(), freed_count_ * sizeof(FreedRange));
        freed_ = std::move(bigger);
        ranges = reinterpret_cast<FreedRange*>(freed_.data());
    }
    ranges[freed_count_++] = FreedRange{start, count};
    return {};
}

bool Fs::recently_freed(u64 block, u64* skip_to) const {
    const auto* ranges = reinterpret_cast<const FreedRange*>(freed_.data());
    for (usize i = 0; i < freed_count_; i++) {
        if (block >= ranges[i].start && block < ranges[i].start + ranges[i].count) {
            *skip_to = ranges[i].start + ranges[i].count;
            return true;
        }
    }
    return false;
}

Result<void> Fs::sync() { return commit(); }

Result<void> Fs::maybe_commit() {
    usize limit = journal_ ? journal_->max_transaction_blocks() / 4 : 256;
    if (cache_.dirty_count() >= limit) return commit();
    return {};
}

Result<void> Fs::unmount() {
    Result<void> r;
    if (!read_only_) {
        r = commit();
        if (r.has_value()) r = set_recover_flag(false);
    }
    abandon();
    return r;
}

void Fs::abandon() { mm::destroy(this); }

Result<void> Fs::ensure_writable() const {
    if (read_only_) return Error(EROFS);
    return {};
}

// --- the superblock and group descriptors, in the cache -------------------------------

Result<u8*> Fs::superblock() {
    u8* b = TRY(cache_.get(sb_block_));
    return b + sb_offset_;
}

void Fs::superblock_dirty() {
    auto sb = cache_.get(sb_block_);
    if (sb.is_error()) return;  // the block is cached by whoever changed it
    u8* raw = sb.value() + sb_offset_;
    if (g_.metadata_csum) put_le32(raw + sb::checksum, superblock_checksum(raw));
    cache_.mark_dirty(sb_block_);
}

Result<u8*> Fs::group_desc(u32 group) {
    if (group >= g_.group_count) return Error(EINVAL);
    u32 per_block = g_.block_size / g_.desc_size;
    u8* b = TRY(cache_.get(u64{g_.first_data_block} + 1 + group / per_block));
    return b + (group % per_block) * g_.desc_size;
}

void Fs::group_desc_dirty(u32 group) {
    u32 per_block = g_.block_size / g_.desc_size;
    u64 block = u64{g_.first_data_block} + 1 + group / per_block;
    auto b = cache_.get(block);
    if (b.is_error()) return;
    set_group_desc_checksum(*this, group, b.value() + (group % per_block) * g_.desc_size);
    cache_.mark_dirty(block);
}

u32 Fs::gd_get(const u8* d, u32 lo, u32 hi, bool wide) const {
    bool has_hi = g_.desc_size >= gd::SIZE_64;
    if (wide) return le32(d + lo);  // callers combine 32-bit halves themselves
    return le16(d + lo) | (has_hi ? u32{le16(d + hi)} << 16 : 0);
}

void Fs::gd_set(u8* d, u32 lo, u32 hi, bool wide, u32 v) {
    if (wide) {
        put_le32(d + lo, v);
        return;
    }
    put_le16(d + lo, static_cast<u16>(v));
    if (g_.desc_size >= gd::SIZE_64) put_le16(d + hi, static_cast<u16>(v >> 16));
}

namespace {
u64 gd_block(const Geometry& g, const u8* d, u32 lo, u32 hi) {
    return le32(d + lo) | (g.desc_size >= gd::SIZE_64 ? u64{le32(d + hi)} << 32 : 0);
}
}  // namespace

u64 Fs::gd_block_bitmap(const u8* d) const {
    return gd_block(g_, d, gd::block_bitmap_lo, gd::block_bitmap_hi);
}
u64 Fs::gd_inode_bitmap(const u8* d) const {
    return gd_block(g_, d, gd::inode_bitmap_lo, gd::inode_bitmap_hi);
}
u64 Fs::gd_inode_table(const u8* d) const {
    return gd_block(g_, d, gd::inode_table_lo, gd::inode_table_hi);
}

// --- inodes ---------------------------------------------------------------------------

namespace {

struct InodeLocation {
    u64 block;
    u32 offset;
};

Result<InodeLocation> locate(Fs& fs, u32 ino) {
    const Geometry& g = fs.geometry();
    if (ino == 0 || ino > g.inodes_count) return Error(EINVAL);
    u32 group = (ino - 1) / g.inodes_per_group, index = (ino - 1) % g.inodes_per_group;
    const u8* d = TRY(fs.group_desc(group));
    u64 byte = u64{index} * g.inode_size;
    return InodeLocation{fs.gd_inode_table(d) + byte / g.block_size,
                         static_cast<u32>(byte % g.block_size)};
}

}  // namespace

Result<Inode> Fs::read_inode(u32 ino) {
    InodeLocation at = TRY(locate(*this, ino));
    const u8* b = TRY(cache_.get(at.block));
    const u8* raw = b + at.offset;
    Inode in;
    in.ino = ino;
    u32 n = g_.inode_size < INODE_BYTES ? g_.inode_size : INODE_BYTES;
    memcpy(in.raw, raw, n);
    if (g_.inode_size > GOOD_OLD_INODE_SIZE) {
        u32 extra = le16(raw + ino::extra_isize);
        if (GOOD_OLD_INODE_SIZE + extra > g_.inode_size || extra % 4)
            return corrupt("inode extra size", ino);
    }
    if (g_.metadata_csum) {
        u32 want = inode_checksum(*this, ino, raw, g_.inode_size);
        u32 have = le16(raw + ino::checksum_lo);
        if (g_.inode_size > GOOD_OLD_INODE_SIZE &&
            GOOD_OLD_INODE_SIZE + le16(raw + ino::extra_isize) >= ino::checksum_hi + 2)
            have |= u32{le16(raw + ino::checksum_hi)} << 16;
        if (want != have) return corrupt("inode checksum", ino);
    }
    return in;
}

Result<void> Fs::write_inode(Inode& in) {
    TRY(ensure_writable());
    InodeLocation at = TRY(locate(*this, in.ino));
    u8* b = TRY(cache_.get(at.block));
    u8* raw = b + at.offset;
    u32 n = g_.inode_size < INODE_BYTES ? g_.inode_size : INODE_BYTES;
    memcpy(raw, in.raw, n);
    if (g_.metadata_csum) {
        u32 c = inode_checksum(*this, in.ino, raw, g_.inode_size);
        put_le16(raw + ino::checksum_lo, static_cast<u16>(c));
        if (g_.inode_size > GOOD_OLD_INODE_SIZE &&
            GOOD_OLD_INODE_SIZE + le16(raw + ino::extra_isize) >= ino::checksum_hi + 2)
            put_le16(raw + ino::checksum_hi, static_cast<u16>(c >> 16));
        memcpy(in.raw, raw, n);
    }
    cache_.mark_dirty(at.block);
    return {};
}

void Fs::add_blocks(Inode& in, i64 blocks) {
    i64 units = (in.flags() & ino::FLAG_HUGE_FILE) ? blocks : blocks * (g_.block_size / 512);
    in.set_blocks_raw(static_cast<u64>(static_cast<i64>(in.blocks_raw()) + units));
}

void Inode::touch(u32 sec, bool a, bool c, bool m, u32 inode_size) {
    bool extra = inode_size > GOOD_OLD_INODE_SIZE;
    u32 isz = extra ? le16(raw + ino::extra_isize) : 0;
    auto set = [&](u32 off, u32 extra_off) {
        put_le32(raw + off, sec);
        if (extra && GOOD_OLD_INODE_SIZE + isz >= extra_off + 4) put_le32(raw + extra_off, 0);
    };
    if (a) set(ino::atime, ino::atime_extra);
    if (c) set(ino::ctime, ino::ctime_extra);
    if (m) set(ino::mtime, ino::mtime_extra);
}

}  // namespace ext4
