// kernel/fs/anon_inode.cc — the shared inode of nameless Files (anon_inode.hh).
#include "fs/anon_inode.hh"

#include "fs/tmpfs/tmpfs.hh"
#include "fs/vfs/inode.hh"

namespace anon {
namespace {

vfs::Inode* inode = nullptr;

}  // namespace

Result<void> init() {
    vfs::Dentry* root = nullptr;
    vfs::Superblock* sb = TRY(tmpfs::make("anon_inodefs", 0700, &root));
    SpinLockGuard t(vfs::tree_lock());
    inode = TRY(sb->ops->alloc_inode(*sb, 0600));
    return {};
}

Result<vfs::File*> make_file(const vfs::FileOps* ops, u32 flags, void* priv) {
    if (!inode) return Error(ENFILE);
    vfs::File* f = TRY(vfs::file_alloc({}, inode, ops, flags));
    f->priv = priv;
    return f;
}

}  // namespace anon
