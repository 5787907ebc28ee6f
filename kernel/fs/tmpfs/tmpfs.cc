// kernel/fs/tmpfs/tmpfs.cc — tmpfs super blocks and inodes (tmpfs.hh).
#include "fs/tmpfs/tmpfs.hh"

#include "fs/vfs/dentry.hh"
#include "fs/vfs/readdir.hh"
#include "mm/heap.hh"

namespace tmpfs {
namespace {

u32 next_dev = 0x20;  // anonymous device numbers (0:32 and up), as Linux's "unnamed" ones

Result<vfs::Inode*> alloc_inode(vfs::Superblock& sb, u32 mode) {
    vfs::Inode* inode = TRY(mm::make<vfs::Inode>());
    inode->ino = sb.next_ino++;
    inode->mode = mode;
    inode->sb = &sb;
    inode->refs = 1;
    inode->atime = inode->mtime = inode->ctime = inode->btime = vfs::now();
    if (vfs::is_reg(mode)) inode->fops = &file_ops;
    if (vfs::is_dir(mode)) inode->fops = &dir_ops;
    ++sb.inodes;
    return inode;
}

void free_inode(vfs::Inode* inode) {
    inode->sb->used_pages.fetch_sub(inode->pages.pages());
    mm::kfree(inode->link);
    mm::destroy(inode);  // the page index frees the data
}

Result<void> setsize(vfs::Inode& inode, u64 size) {
    if (size > vfs::MAX_FILE_SIZE) return Error(EFBIG);
    SpinLockGuard g(inode.data_lock);
    if (size < inode.size) {
        u64 before = inode.pages.pages();
        inode.pages.truncate((size + vfs::PAGE_SIZE - 1) / vfs::PAGE_SIZE);
        inode.sb->used_pages.fetch_sub(before - inode.pages.pages());
        if (u8* last = inode.pages.find(size / vfs::PAGE_SIZE)) {
            usize tail = size % vfs::PAGE_SIZE;
            for (usize i = tail; tail && i < vfs::PAGE_SIZE; ++i) last[i] = 0;
        }
    }
    inode.size = size;
    return {};
}

const vfs::SuperOps super_ops{alloc_inode, free_inode, setsize};

}  // namespace

Result<vfs::Superblock*> make(const char* type, u32 root_mode, vfs::Dentry** root) {
    vfs::Superblock* sb = TRY(mm::make<vfs::Superblock>());
    sb->type = type;
    sb->ops = &super_ops;
    sb->magic = MAGIC;
    SpinLockGuard g(vfs::tree_lock());
    sb->dev = next_dev++;
    auto inode = alloc_inode(*sb, vfs::S_IFDIR | root_mode);
    if (inode.is_error()) {
        mm::destroy(sb);
        return Error(inode.error());
    }
    inode.value()->nlink = 2;
    auto d = vfs::d_make_root(inode.value());
    if (d.is_error()) {
        free_inode(inode.value());
        mm::destroy(sb);
        return Error(d.error());
    }
    vfs::d_get(d.value());
    *root = d.value();
    return sb;
}

}  // namespace tmpfs
