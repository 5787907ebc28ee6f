// kernel/fs/jbd2/journal.cc — opening a jbd2 journal and writing transactions (see journal.hh).
//
// A transaction is written from the start of the (empty) log: descriptor blocks whose
// tags name the target blocks, each followed by the copies it describes, then, after a
// flush, the commit block. A copy that happens to begin with the journal magic is
// logged with those 4 bytes zeroed and the ESCAPE flag. With checksum v3 every tag
// carries the crc32c of its copy and each descriptor and the commit block their own.
#include "fs/jbd2/journal.hh"

#include "fs/jbd2/format.hh"
#include "lib/crc.hh"
#include "lib/endian.hh"
#include "lib/log.hh"
#include "lib/string.hh"

namespace jbd2 {

Result<Journal*> Journal::open(fs::BlockDevice& dev, u32 block_size, fs::Buffer map, u32 nblocks) {
    Journal* j =
        TRY(mm::make<Journal>(Journal(dev, block_size, static_cast<fs::Buffer&&>(map), nblocks)));
    if (auto r = j->load_superblock(); r.is_error()) {
        j->close();
        return Error(r.error());
    }
    return j;
}

void Journal::close() { mm::destroy(this); }

Result<void> Journal::read_block(u32 jblock, u8* buf) {
    if (jblock >= nblocks_) return Error(EIO);
    u64 fsb = reinterpret_cast<const u64*>(map_.data())[jblock];
    u32 spb = bs_ / fs::SECTOR_SIZE;
    return dev_.read(fsb * spb, spb, buf);
}

Result<void> Journal::write_block(u32 jblock, const u8* buf) {
    if (jblock >= nblocks_) return Error(EIO);
    return write_fs_block(reinterpret_cast<const u64*>(map_.data())[jblock], buf);
}

Result<void> Journal::write_fs_block(u64 block, const u8* buf) {
    u32 spb = bs_ / fs::SECTOR_SIZE;
    if (block >= dev_.sector_count() / spb) return Error(EIO);
    return dev_.write(block * spb, spb, buf);
}

namespace {

Error bad(const char* what) {
    klog::warn("jbd2: bad journal superblock: {}", what);
    return Error(EUCLEAN);
}

u32 sb_checksum(const u8* sb) {
    u8 copy[jsb::SIZE];
    memcpy(copy, sb, jsb::SIZE);
    put_be32(copy + jsb::checksum, 0);
    return crc32c(~0u, copy, jsb::SIZE);
}

}  // namespace

Result<void> Journal::load_superblock() {
    sb_ = TRY(fs::Buffer::zeroed(bs_));
    TRY(read_block(0, sb_.data()));
    const u8* sb = sb_.data();
    if (be32(sb + h_magic) != MAGIC) return bad("magic");
    u32 type = be32(sb + h_blocktype);
    if (type != SUPERBLOCK_V1 && type != SUPERBLOCK_V2) return bad("block type");
    if (be32(sb + jsb::blocksize) != bs_) return bad("block size");
    maxlen_ = be32(sb + jsb::maxlen);
    first_ = be32(sb + jsb::first);
    start_ = be32(sb + jsb::start);
    sequence_ = be32(sb + jsb::sequence);
    if (maxlen_ > nblocks_ || maxlen_ < 8 || first_ == 0 || first_ >= maxlen_) return bad("size");
    if (start_ != 0 && (start_ < first_ || start_ >= maxlen_)) return bad("log start");
    if (type == SUPERBLOCK_V2) {
        compat_ = be32(sb + jsb::feature_compat);
        incompat_ = be32(sb + jsb::feature_incompat);
    }
    if (u32 unknown = incompat_ & ~INCOMPAT_SUPPORTED) {
        klog::warn("jbd2: unsupported journal features {:#x}", unknown);
        return Error(EINVAL);
    }
    csum_v3_ = incompat_ & INCOMPAT_CSUM_V3;
    csum_v2or3_ = csum_v3_ || (incompat_ & INCOMPAT_CSUM_V2);
    is64_ = incompat_ & INCOMPAT_64BIT;
    if (csum_v2or3_) {
        if (sb[jsb::checksum_type] != CHECKSUM_CRC32C) return bad("checksum type");
        if (be32(sb + jsb::checksum) != sb_checksum(sb)) return bad("checksum");
        csum_seed_ = crc32c(~0u, sb + jsb::uuid, UUID_BYTES);
    }
    return {};
}

Result<void> Journal::write_superblock() {
    u8* sb = sb_.data();
    put_be32(sb + jsb::start, start_);
    put_be32(sb + jsb::sequence, sequence_);
    if (csum_v2or3_) put_be32(sb + jsb::checksum, sb_checksum(sb));
    return write_block(0, sb);
}

u32 Journal::tag_bytes() const {
    if (csum_v3_) return 16;
    u32 sz = 12;
    if (csum_v2or3_) sz += 2;  // v2's 16-bit checksum field widens the tag
    return is64_ ? sz : sz - 4;
}

void Journal::set_block_tail(u8* block) const {
    if (!csum_v2or3_) return;
    put_be32(block + bs_ - BLOCK_TAIL, 0);
    put_be32(block + bs_ - BLOCK_TAIL, crc32c(csum_seed_, block, bs_));
}

bool Journal::block_tail_ok(const u8* block) const {
    if (!csum_v2or3_) return true;
    u32 stored = be32(block + bs_ - BLOCK_TAIL);
    u8 zero[BLOCK_TAIL] = {};
    u32 c = crc32c(csum_seed_, block, bs_ - BLOCK_TAIL);
    return stored == crc32c(c, zero, BLOCK_TAIL);
}

u32 Journal::max_transaction_blocks() const {
    u32 room = maxlen_ - first_;
    u32 per_desc = (bs_ - HEADER - BLOCK_TAIL - UUID_BYTES) / tag_bytes();
    return room - room / per_desc - 4;
}

Result<void> Journal::write_transaction(const LoggedBlock* blocks, usize count, const u64*, usize) {
    if (start_ != 0) return Error(EBUSY);
    if (count == 0) return {};
    if (count > max_transaction_blocks()) return Error(ENOSPC);
    u32 seq = sequence_;
    u32 per_desc = (bs_ - HEADER - (csum_v2or3_ ? BLOCK_TAIL : 0) - UUID_BYTES) / tag_bytes();
    fs::Buffer desc = TRY(fs::Buffer::zeroed(bs_));
    fs::Buffer copy = TRY(fs::Buffer::zeroed(bs_));
    u32 jb = first_;
    for (usize done = 0; done < count;) {
        usize n = count - done < per_desc ? count - done : per_desc;
        u8* d = desc.data();
        memset(d, 0, bs_);
        put_be32(d + h_magic, MAGIC);
        put_be32(d + h_blocktype, DESCRIPTOR);
        put_be32(d + h_sequence, seq);
        u32 off = HEADER;
        u32 desc_at = jb;
        jb++;
        for (usize i = 0; i < n; i++) {
            const LoggedBlock& b = blocks[done + i];
            memcpy(copy.data(), b.data, bs_);
            u32 flags = 0;
            if (be32(copy.data()) == MAGIC) {
                put_be32(copy.data(), 0);
                flags |= FLAG_ESCAPE;
            }
            if (i > 0) flags |= FLAG_SAME_UUID;
            if (i + 1 == n) flags |= FLAG_LAST_TAG;
            u8 seq_be[4];
            put_be32(seq_be, seq);
            u32 csum = crc32c(crc32c(csum_seed_, seq_be, 4), copy.data(), bs_);
            u8* t = d + off;
            put_be32(t, static_cast<u32>(b.target));
            if (csum_v3_) {
                put_be32(t + 4, flags);
                put_be32(t + 8, static_cast<u32>(b.target >> 32));
                put_be32(t + 12, csum);
            } else {
                put_be16(t + 4, csum_v2or3_ ? static_cast<u16>(csum) : 0);
                put_be16(t + 6, static_cast<u16>(flags));
                if (is64_) put_be32(t + 8, static_cast<u32>(b.target >> 32));
            }
            off += tag_bytes();
            if (i == 0) {
                memcpy(d + off, sb_.data() + jsb::uuid, UUID_BYTES);
                off += UUID_BYTES;
            }
            TRY(write_block(jb++, copy.data()));
        }
        set_block_tail(d);
        TRY(write_block(desc_at, d));
        done += n;
    }
    start_ = first_;
    TRY(write_superblock());
    TRY(dev_.flush());
    u8* c = desc.data();
    memset(c, 0, bs_);
    put_be32(c + h_magic, MAGIC);
    put_be32(c + h_blocktype, COMMIT);
    put_be32(c + h_sequence, seq);
    if (csum_v2or3_) put_be32(c + commit::chksum, crc32c(csum_seed_, c, bs_));
    TRY(write_block(jb, c));
    TRY(dev_.flush());
    sequence_ = seq + 1;
    return {};
}

Result<void> Journal::mark_empty() {
    start_ = 0;
    TRY(write_superblock());
    return dev_.flush();
}

}  // namespace jbd2
