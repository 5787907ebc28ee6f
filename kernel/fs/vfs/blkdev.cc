// kernel/fs/vfs/blkdev.cc — the table of block devices' file operations (file.hh):
// what open() of a block special file (S_IFBLK) finds by its device number.
#include "fs/vfs/file.hh"

namespace vfs {
namespace {

struct BlockDev {
    u64 rdev;
    const FileOps* ops;
};
constexpr usize MAX_BLKDEVS = 64;
BlockDev blkdevs[MAX_BLKDEVS];
usize blkdev_count = 0;
SpinLock blkdev_lock{"blkdev-table"};

}  // namespace

Result<void> register_blkdev(u64 rdev, const FileOps* ops) {
    SpinLockGuard g(blkdev_lock);
    for (usize i = 0; i < blkdev_count; ++i)
        if (blkdevs[i].rdev == rdev) {
            blkdevs[i].ops = ops;
            return {};
        }
    if (blkdev_count == MAX_BLKDEVS) return Error(ENOMEM);
    blkdevs[blkdev_count++] = BlockDev{rdev, ops};
    return {};
}

const FileOps* blkdev_ops(u64 rdev) {
    SpinLockGuard g(blkdev_lock);
    for (usize i = 0; i < blkdev_count; ++i)
        if (blkdevs[i].rdev == rdev) return blkdevs[i].ops;
    return nullptr;
}

}  // namespace vfs
