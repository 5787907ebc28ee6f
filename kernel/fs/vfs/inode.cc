// kernel/fs/vfs/inode.cc — inode counts, the VFS lock and the clock (inode.hh).
#include "fs/vfs/inode.hh"

namespace vfs {
namespace {

SpinLock vfs_lock("vfs");
u64 (*clock_source)() = nullptr;

}  // namespace

SpinLock& tree_lock() { return vfs_lock; }

Timespec now() {
    u64 ns = clock_source ? clock_source() : 0;
    return Timespec{i64(ns / 1000000000), i64(ns % 1000000000)};
}

void set_clock(u64 (*realtime_ns)()) { clock_source = realtime_ns; }

void iget(Inode* inode) { ++inode->refs; }

void iput(Inode* inode) {
    if (--inode->refs) return;
    inode->sb->inodes--;
    inode->sb->ops->free_inode(inode);
}

void touch_modified(Inode& inode) { inode.mtime = inode.ctime = now(); }

}  // namespace vfs
