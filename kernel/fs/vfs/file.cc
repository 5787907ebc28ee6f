// kernel/fs/vfs/file.cc — File counts and the character device table (file.hh).
#include "fs/vfs/file.hh"

#include "fs/vfs/poll.hh"
#include "mm/heap.hh"

namespace vfs {
namespace {

struct CharDev {
    u64 rdev;
    const FileOps* ops;
    bool whole_major;  ///< every minor of rdev's major (the pty slaves)
};
constexpr usize MAX_CHRDEVS = 32;
CharDev chrdevs[MAX_CHRDEVS];
usize chrdev_count = 0;

}  // namespace

Result<File*> file_alloc(const Path& path, Inode* inode, const FileOps* ops, u32 flags) {
    File* f = TRY(mm::make<File>());
    f->flags = flags;
    f->ops = ops;
    SpinLockGuard g(tree_lock());
    f->path = path_get(path);
    f->inode = inode;
    if (inode) iget(inode);
    return f;
}

File* file_get(File* f) {
    f->refs.fetch_add(1, std::memory_order_relaxed);
    return f;
}

void file_put(File* f) {
    if (f->refs.fetch_sub(1, std::memory_order_acq_rel) != 1) return;
    if (f->epoll_items) eventpoll_release(*f);
    if (f->ops && f->ops->release) f->ops->release(*f);
    {
        SpinLockGuard g(tree_lock());
        path_put(f->path);
        if (f->inode) iput(f->inode);
    }
    mm::destroy(f);
}

u32 file_poll(File& f, PollWait* pw) {
    if (!f.ops || !f.ops->poll) return POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM;
    return f.ops->poll(f, pw);
}

Result<void> register_chrdev(u64 rdev, const FileOps* ops) {
    if (chrdev_count == MAX_CHRDEVS) return Error(ENOMEM);
    chrdevs[chrdev_count++] = CharDev{rdev, ops, false};
    return {};
}

Result<void> register_chrdev_major(u32 major, const FileOps* ops) {
    if (chrdev_count == MAX_CHRDEVS) return Error(ENOMEM);
    chrdevs[chrdev_count++] = CharDev{make_dev(major, 0), ops, true};
    return {};
}

const FileOps* chrdev_ops(u64 rdev) {
    for (usize i = 0; i < chrdev_count; ++i) {
        const CharDev& d = chrdevs[i];
        if (d.rdev == rdev || (d.whole_major && (d.rdev >> 8) == (rdev >> 8))) return d.ops;
    }
    return nullptr;
}

Result<u64> generic_llseek(File& f, i64 offset, int whence, u64 size) {
    i64 base;
    switch (whence) {
    case SEEK_SET:
        base = 0;
        break;
    case SEEK_CUR:
        base = i64(f.pos.load());
        break;
    case SEEK_END:
        base = i64(size);
        break;
    case SEEK_DATA:
        if (u64(offset) >= size || offset < 0) return Error(ENXIO);
        return u64(offset);
    case SEEK_HOLE:
        if (u64(offset) >= size || offset < 0) return Error(ENXIO);
        return size;
    default:
        return Error(EINVAL);
    }
    i64 r;
    if (__builtin_add_overflow(base, offset, &r)) return Error(EOVERFLOW);
    if (r < 0) return Error(EINVAL);
    return u64(r);
}

}  // namespace vfs
