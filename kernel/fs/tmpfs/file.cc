// kernel/fs/tmpfs/file.cc — reading and writing tmpfs files and listing its directories.
//
// A read copies page by page out of the page index (zeros for a hole); a write adds
// the pages it touches. Both hold the inode's data lock for the whole transfer, so a
// read never sees half a write. A fault in the user buffer ends the transfer: the bytes
// copied before it count, or EFAULT when there are none.
#include "fs/tmpfs/tmpfs.hh"

#include "fs/vfs/readdir.hh"

namespace tmpfs {
namespace {

constexpr u8 zeros[vfs::PAGE_SIZE] = {};

// Runs @p fn(page number, offset in the page, offset in the buffer, length) over the
// bytes [pos, pos + n) a page at a time: the bytes done before the first error, or the
// error when there were none.
template <typename Fn>
Result<u64> by_pages(u64 pos, u64 n, Fn fn) {
    u64 done = 0;
    while (done < n) {
        u64 off = pos + done;
        usize in_page = off % vfs::PAGE_SIZE;
        usize step =
            vfs::PAGE_SIZE - in_page < n - done ? vfs::PAGE_SIZE - in_page : usize(n - done);
        if (auto r = fn(off / vfs::PAGE_SIZE, in_page, done, step); r.is_error()) {
            if (done) break;
            return Error(r.error());
        }
        done += step;
    }
    return done;
}

Result<u64> read(vfs::File& f, const vfs::IoBuf& buf, u64* pos) {
    vfs::Inode& inode = *f.inode;
    SpinLockGuard g(inode.data_lock);
    if (*pos >= inode.size) return 0;
    u64 n = buf.size() < inode.size - *pos ? buf.size() : inode.size - *pos;
    u64 done = TRY(by_pages(*pos, n, [&](u64 page_no, usize in_page, u64 at, usize step) {
        const u8* page = inode.pages.find(page_no);
        return buf.fill(at, page ? page + in_page : zeros, step);
    }));
    *pos += done;
    return done;
}

Result<u64> write(vfs::File& f, const vfs::IoBuf& buf, u64* pos) {
    vfs::Inode& inode = *f.inode;
    SpinLockGuard g(inode.data_lock);
    if (f.flags & vfs::O_APPEND) *pos = inode.size;
    u64 n = buf.size();
    if (n == 0) return 0;
    if (*pos >= vfs::MAX_FILE_SIZE) return Error(EFBIG);
    if (n > vfs::MAX_FILE_SIZE - *pos) n = vfs::MAX_FILE_SIZE - *pos;
    auto written = by_pages(*pos, n, [&](u64 page_no, usize in_page, u64 at, usize step) {
        vfs::Superblock& sb = *inode.sb;
        bool hole = !inode.pages.find(page_no);
        if (hole && sb.max_pages && sb.used_pages.load() >= sb.max_pages)
            return Result<void>(Error(ENOSPC));  // tmpfs's size= is full
        auto page = inode.pages.get_or_add(page_no);
        if (page.is_error()) return Result<void>(Error(page.error()));
        if (hole) sb.used_pages.fetch_add(1);
        return buf.drain(page.value() + in_page, at, step);
    });
    u64 done = TRY(std::move(written));
    *pos += done;
    if (*pos > inode.size) inode.size = *pos;
    vfs::touch_modified(inode);
    return done;
}

Result<u64> llseek(vfs::File& f, i64 offset, int whence) {
    u64 size;
    {
        SpinLockGuard g(f.inode->data_lock);
        size = f.inode->size;
    }
    return vfs::generic_llseek(f, offset, whence, size);
}

Result<u64> dir_read(vfs::File&, const vfs::IoBuf&, u64*) { return Error(EISDIR); }

Result<u64> dir_llseek(vfs::File& f, i64 offset, int whence) {
    if (whence != vfs::SEEK_SET && whence != vfs::SEEK_CUR) return Error(EINVAL);
    return vfs::generic_llseek(f, offset, whence, 0);
}

}  // namespace

// No poll: regular files and directories are always ready (vfs::file_poll's default),
// and epoll refuses them with EPERM, as Linux's.
const vfs::FileOps file_ops{read, write, llseek, nullptr, nullptr, nullptr, nullptr, nullptr};
const vfs::FileOps dir_ops{dir_read, nullptr, dir_llseek,           nullptr,
                           nullptr,  nullptr, vfs::dcache_getdents, nullptr};

}  // namespace tmpfs
