// kernel/fs/ext4/file.cc — file contents: read, write (allocating blocks), truncate, readlink.
//
// Data blocks do not go through the metadata cache: they are written to the device
// directly, before the transaction that maps them commits (ordered mode). A read takes
// the whole blocks of one extent in one request. A block
// newly mapped into a file is allocated next to the file's previous block when it can
// be, so sequential writes make long extents; holes read as zeros.
#include "fs/ext4/internal.hh"

namespace ext4 {

namespace {

constexpr u64 MAX_FILE_BLOCKS = u64{1} << 32;
// Blocks one read request takes at most (the device splits it further, all in flight).
constexpr u64 MAX_READ_BLOCKS = 4096;

/// The physical block of @p lblock, allocating one (and mapping it) if it is a hole.
Result<u64> block_for_write(Fs& fs, Inode& in, u32 lblock, u64 goal, bool* fresh) {
    Mapping m = TRY(extent_map(fs, in, lblock));
    *fresh = false;
    if (m.physical) return m.physical;
    if (m.unwritten) return Error(EOPNOTSUPP);  // converting unwritten extents: not yet
    if (lblock > 0 && !goal) {
        Mapping prev = TRY(extent_map(fs, in, lblock - 1));
        if (prev.physical) goal = prev.physical + 1;
    }
    if (!goal)
        goal = fs.geometry().group_first_block((in.ino - 1) / fs.geometry().inodes_per_group);
    u64 pb = TRY(alloc_block(fs, goal));
    if (auto r = extent_insert(fs, in, lblock, pb, 1); r.is_error()) {
        (void)free_blocks(fs, pb, 1);
        return Error(r.error());
    }
    fs.add_blocks(in, 1);
    fs.cache().forget(pb);
    *fresh = true;
    return pb;
}

}  // namespace

Result<usize> Fs::read(u32 ino, u64 off, void* buf, usize len) {
    Inode in = TRY(read_inode(ino));
    if (in.is_dir()) return Error(EISDIR);
    if (in.flags() & ino::FLAG_INLINE_DATA) return Error(EOPNOTSUPP);
    if (in.is_fast_symlink()) return Error(EINVAL);
    u64 size = in.size();
    if (off >= size) return usize{0};
    if (len > size - off) len = static_cast<usize>(size - off);
    u32 bs = g_.block_size;
    fs::Buffer tmp;  // for a block read only in part
    u8* out = static_cast<u8*>(buf);
    usize done = 0;
    while (done < len) {
        u64 pos = off + done;
        u32 lblock = static_cast<u32>(pos / bs), in_block = static_cast<u32>(pos % bs);
        Mapping m = TRY(extent_map(*this, in, lblock));
        u32 run = m.length ? m.length : 1;
        // Whole blocks of one extent (or one hole) in a single request.
        u64 whole = in_block ? 0 : (len - done) / bs;
        if (whole > run) whole = run;
        if (whole > MAX_READ_BLOCKS) whole = MAX_READ_BLOCKS;
        if (whole) {
            usize n = static_cast<usize>(whole * bs);
            if (m.physical == 0) memset(out + done, 0, n);
            else TRY(cache_.read_direct(m.physical, static_cast<u32>(whole), out + done));
            done += n;
            continue;
        }
        usize n = bs - in_block;
        if (n > len - done) n = len - done;
        if (m.physical == 0) {
            memset(out + done, 0, n);
        } else {
            if (!tmp.size()) tmp = TRY(fs::Buffer::zeroed(bs));
            TRY(cache_.read_direct(m.physical, 1, tmp.data()));
            memcpy(out + done, tmp.data() + in_block, n);
        }
        done += n;
    }
    return done;
}

Result<usize> write_data(Fs& fs, Inode& in, u64 off, const void* buf, usize len) {
    if (!in.has_extents()) return Error(EOPNOTSUPP);
    u32 bs = fs.geometry().block_size;
    if (off + len < off || (off + len + bs - 1) / bs > MAX_FILE_BLOCKS) return Error(EFBIG);
    fs::Buffer tmp = TRY(fs::Buffer::zeroed(bs));
    const u8* src = static_cast<const u8*>(buf);
    usize done = 0;
    u64 goal = 0;
    Result<void> status;
    u64 run_start = 0;  // whole blocks not written yet: run_count of them from run_start
    u32 run_count = 0;
    const u8* run_src = nullptr;
    usize written_before_failure = len;  // a failed run: the bytes before it
    auto flush_run = [&]() -> Result<void> {
        if (!run_count) return {};
        u32 count = run_count;
        run_count = 0;
        auto r = fs.cache().write_direct(run_start, count, run_src);
        if (r.is_error() && written_before_failure == len)
            written_before_failure = static_cast<usize>(run_src - src);
        return r;
    };
    while (done < len) {
        u64 pos = off + done;
        u32 lblock = static_cast<u32>(pos / bs), in_block = static_cast<u32>(pos % bs);
        usize n = bs - in_block;
        if (n > len - done) n = len - done;
        bool fresh = false;
        auto pb = block_for_write(fs, in, lblock, goal, &fresh);
        if (pb.is_error()) {
            status = Error(pb.error());
            break;
        }
        goal = pb.value() + 1;
        if (n == bs) {
            // Whole blocks that follow each other on the disk go out as one request.
            if (run_count && run_start + run_count == pb.value() && run_count < MAX_READ_BLOCKS) {
                ++run_count;
            } else {
                status = flush_run();
                run_start = pb.value(), run_count = 1, run_src = src + done;
            }
        } else {
            status = flush_run();
            if (status.is_error()) break;
            if (fresh) memset(tmp.data(), 0, bs);
            else status = fs.cache().read_direct(pb.value(), 1, tmp.data());
            if (status.has_value()) {
                memcpy(tmp.data() + in_block, src + done, n);
                status = fs.cache().write_direct(pb.value(), 1, tmp.data());
            }
        }
        if (status.is_error()) break;
        done += n;
    }
    if (auto r = flush_run(); r.is_error() && status.has_value()) status = Error(r.error());
    if (done > written_before_failure) done = written_before_failure;
    if (off + done > in.size()) in.set_size(off + done);
    in.touch(fs.now(), false, true, true, fs.geometry().inode_size);
    if (done == 0 && status.is_error()) return Error(status.error());
    return done;
}

Result<usize> Fs::write(u32 ino, u64 off, const void* buf, usize len) {
    TRY(ensure_writable());
    Inode in = TRY(read_inode(ino));
    if (in.is_dir()) return Error(EISDIR);
    auto done = write_data(*this, in, off, buf, len);
    TRY(write_inode(in));  // blocks may have been mapped even when the write failed
    TRY(maybe_commit());
    return done;
}

Result<void> Fs::truncate(u32 ino, u64 size) {
    TRY(ensure_writable());
    Inode in = TRY(read_inode(ino));
    if (in.is_dir()) return Error(EISDIR);
    if (!in.is_reg()) return Error(EINVAL);
    u32 bs = g_.block_size;
    if ((size + bs - 1) / bs > MAX_FILE_BLOCKS) return Error(EFBIG);
    if (size < in.size()) {
        TRY(extent_truncate(*this, in, static_cast<u32>((size + bs - 1) / bs)));
        if (size % bs) {  // what lies past the new end must read as zeros if the file grows
            Mapping m = TRY(extent_map(*this, in, static_cast<u32>(size / bs)));
            if (m.physical) {
                fs::Buffer tmp = TRY(fs::Buffer::zeroed(bs));
                TRY(cache_.read_direct(m.physical, 1, tmp.data()));
                memset(tmp.data() + size % bs, 0, bs - size % bs);
                TRY(cache_.write_direct(m.physical, 1, tmp.data()));
            }
        }
    }
    in.set_size(size);
    in.touch(now(), false, true, true, g_.inode_size);
    TRY(write_inode(in));
    return maybe_commit();
}

Result<usize> Fs::readlink(u32 ino, char* buf, usize len) {
    Inode in = TRY(read_inode(ino));
    if (!in.is_symlink()) return Error(EINVAL);
    u64 size = in.size();
    if (size > g_.block_size) return corrupt("symlink longer than a block", ino);
    if (len > size) len = static_cast<usize>(size);
    if (in.is_fast_symlink()) {
        if (size >= ino::BLOCK_BYTES) return corrupt("fast symlink length", ino);
        memcpy(buf, in.iblock(), len);
        return len;
    }
    if (in.flags() & ino::FLAG_INLINE_DATA) return Error(EOPNOTSUPP);
    Mapping m = TRY(extent_map(*this, in, 0));
    if (!m.physical) return corrupt("slow symlink without a block", ino);
    fs::Buffer tmp = TRY(fs::Buffer::zeroed(g_.block_size));
    TRY(cache_.read_direct(m.physical, 1, tmp.data()));
    memcpy(buf, tmp.data(), len);
    return len;
}

}  // namespace ext4
