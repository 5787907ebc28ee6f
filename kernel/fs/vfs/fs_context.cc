// kernel/fs/vfs/fs_context.cc — root, cwd and umask of a process (fs_context.hh).
#include "fs/vfs/fs_context.hh"

#include "mm/heap.hh"

namespace vfs {

Result<FsContext*> fs_context_new(const Path& root) {
    FsContext* fs = TRY(mm::make<FsContext>());
    SpinLockGuard g(tree_lock());
    fs->root = path_get(root);
    fs->cwd = path_get(root);
    return fs;
}

FsContext* fs_context_share(FsContext* fs) {
    fs->refs.fetch_add(1, std::memory_order_relaxed);
    return fs;
}

Result<FsContext*> fs_context_copy(FsContext* fs) {
    FsContext* copy = TRY(mm::make<FsContext>());
    SpinLockGuard g(tree_lock());
    copy->root = path_get(fs->root);
    copy->cwd = path_get(fs->cwd);
    copy->umask.store(fs->umask.load());
    return copy;
}

void fs_context_put(FsContext* fs) {
    if (!fs || fs->refs.fetch_sub(1, std::memory_order_acq_rel) != 1) return;
    {
        SpinLockGuard g(tree_lock());
        path_put(fs->root);
        path_put(fs->cwd);
    }
    mm::destroy(fs);
}

}  // namespace vfs
