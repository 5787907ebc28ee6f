// kernel/syscall/fs_sync.cc — sync, syncfs, fsync, fdatasync: dirty pages to the disk.
//
// A file's own operations know what "on the disk" means for it (FileOps::fsync: a
// block device writes its dirty pages back and flushes the disk). Files without one
// live in memory (tmpfs, devfs): regular files, directories and links have nothing to
// write (0, as Linux's noop_fsync); pipes, sockets and character devices get EINVAL,
// as on Linux. sync and syncfs write back every dirty page of the page cache and
// flush every disk; syncfs reports a writeback error (EIO), sync never fails.
#include "drivers/block/registry.hh"
#include "fs/cache/page_cache.hh"
#include "syscall/file_util.hh"
#include "syscall/handlers.hh"

namespace syscalls {
namespace {

Result<void> sync_everything() {
    Result<void> r = cache::write_back_all();
    for (usize i = 0; i < block::count(); ++i) {
        const block::Device* d = block::at(i);
        if (d->partition == 0 && !d->read_only) {
            auto f = d->dev->flush();
            if (f.is_error() && !r.is_error()) r = Error(f.error());
        }
    }
    return r;
}

Result<u64> fsync_fd(int fd, bool datasync) {
    FileRef f = TRY(usable_file_at(fd));
    if (f->ops->fsync) {
        TRY(f->ops->fsync(*f.get(), datasync));
        return 0;
    }
    vfs::Inode* in = f->inode;
    if (in && (vfs::is_reg(in->mode) || vfs::is_dir(in->mode) || vfs::is_lnk(in->mode))) return 0;
    return Error(EINVAL);
}

}  // namespace

Result<u64> sys_sync() {
    (void)sync_everything();  // sync(2) reports nothing
    return 0;
}

Result<u64> sys_syncfs(int fd) {
    FileRef f = TRY(usable_file_at(fd));  // EBADF
    TRY(sync_everything());
    return 0;
}

Result<u64> sys_fsync(int fd) { return fsync_fd(fd, false); }

Result<u64> sys_fdatasync(int fd) { return fsync_fd(fd, true); }

}  // namespace syscalls
