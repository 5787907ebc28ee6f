// kernel/fs/vfs/namespace.cc — create, link, unlink, rmdir, rename on the dentry tree
// (namespace.hh).
#include "fs/vfs/namespace.hh"

#include "lib/string.hh"
#include "mm/heap.hh"

namespace vfs {
namespace {

Result<Inode*> new_inode(Dentry* dir, u32 mode, const Creator& who) {
    Superblock& sb = *dir->inode->sb;
    // A set-group-ID directory gives its group to what is made in it, and its bit to
    // subdirectories (Linux's inode_init_owner).
    u32 gid = who.gid;
    if (dir->inode->mode & S_ISGID) {
        gid = dir->inode->gid;
        if (is_dir(mode)) mode |= S_ISGID;
    }
    Inode* inode = TRY(sb.ops->alloc_inode(sb, mode));
    inode->uid = who.uid;
    inode->gid = gid;
    return inode;
}

// Links @p inode (one reference, no links yet) as @p name in @p dir; drops the reference.
Result<Dentry*> add_new(Dentry* dir, StrView name, Inode* inode) {
    auto d = d_add(dir, name, inode);
    iput(inode);  // the dentry holds it now (or it is freed)
    if (d.is_error()) return Error(d.error());
    inode->nlink = is_dir(inode->mode) ? 2 : 1;
    if (is_dir(inode->mode)) ++dir->inode->nlink;
    touch_modified(*dir->inode);
    return d.value();
}

bool busy(const Dentry* d) { return d->mounted > 0 || d->parent == d; }

}  // namespace

Result<Dentry*> create(Dentry* dir, StrView name, u32 mode, u64 rdev, const Creator& who) {
    if (d_lookup(dir, name)) return Error(EEXIST);
    Inode* inode = TRY(new_inode(dir, mode, who));
    inode->rdev = rdev;
    return add_new(dir, name, inode);
}

Result<Dentry*> symlink(Dentry* dir, StrView name, StrView target, const Creator& who) {
    if (d_lookup(dir, name)) return Error(EEXIST);
    char* copy = static_cast<char*>(TRY(mm::kmalloc(target.len + 1)));
    memcpy(copy, target.data, target.len);
    copy[target.len] = 0;
    auto inode = new_inode(dir, S_IFLNK | 0777, who);
    if (inode.is_error()) {
        mm::kfree(copy);
        return Error(inode.error());
    }
    inode.value()->link = copy;
    inode.value()->size = target.len;
    return add_new(dir, name, inode.value());
}

Result<void> link(Dentry* old, Dentry* dir, StrView name) {
    if (d_lookup(dir, name)) return Error(EEXIST);
    Inode* inode = old->inode;
    if (is_dir(inode->mode)) return Error(EPERM);
    if (inode->sb != dir->inode->sb) return Error(EXDEV);
    if (inode->nlink == 0) return Error(ENOENT);
    if (inode->nlink >= 0xffffffffu) return Error(EMLINK);
    TRY(d_add(dir, name, inode));
    ++inode->nlink;
    inode->ctime = now();
    touch_modified(*dir->inode);
    return {};
}

Result<void> unlink(Dentry* d) {
    if (is_dir(d->inode->mode)) return Error(EISDIR);
    if (busy(d)) return Error(EBUSY);
    --d->inode->nlink;
    d->inode->ctime = now();
    touch_modified(*d->parent->inode);
    d_drop(d);
    return {};
}

Result<void> rmdir(Dentry* d) {
    if (!is_dir(d->inode->mode)) return Error(ENOTDIR);
    if (!d->children.empty()) return Error(ENOTEMPTY);
    if (busy(d)) return Error(EBUSY);
    d->inode->nlink = 0;
    --d->parent->inode->nlink;
    touch_modified(*d->parent->inode);
    d_drop(d);
    return {};
}

Result<void> rename(Dentry* old, Dentry* dir, StrView name, u32 flags) {
    if (flags & ~(RENAME_NOREPLACE | RENAME_EXCHANGE)) return Error(EINVAL);
    if ((flags & RENAME_NOREPLACE) && (flags & RENAME_EXCHANGE)) return Error(EINVAL);
    if (old->inode->sb != dir->inode->sb) return Error(EXDEV);
    Dentry* target = d_lookup(dir, name);
    bool old_dir = is_dir(old->inode->mode);
    if (flags & RENAME_EXCHANGE) {
        if (!target) return Error(ENOENT);
        if (target == old) return {};
        if (d_is_below(dir, old) || d_is_below(old->parent, target)) return Error(EINVAL);
        if (busy(old) || busy(target)) return Error(EBUSY);
        Dentry* old_parent = old->parent;
        char* saved = static_cast<char*>(TRY(mm::kmalloc(old->name_len + 1)));
        memcpy(saved, old->name, old->name_len + 1);
        StrView old_name(saved, old->name_len);
        d_get(target);
        d_drop(target);  // off the tree for a moment; our reference keeps it
        auto r = d_move(old, dir, name);
        if (!r.is_error()) r = d_move(target, old_parent, old_name);
        if (r.is_error()) {
            mm::kfree(saved);
            d_put(target);
            return Error(r.error());
        }
        d_put(target);
        mm::kfree(saved);
        bool target_dir = is_dir(target->inode->mode);
        if (old_dir != target_dir && old_parent != dir) {
            if (old_dir) ++dir->inode->nlink, --old_parent->inode->nlink;
            else --dir->inode->nlink, ++old_parent->inode->nlink;
        }
        old->inode->ctime = target->inode->ctime = now();
        touch_modified(*dir->inode);
        touch_modified(*old_parent->inode);
        return {};
    }
    if (old_dir && d_is_below(dir, old)) return Error(EINVAL);
    if (target) {
        if (flags & RENAME_NOREPLACE) return Error(EEXIST);
        if (target == old || target->inode == old->inode) return {};
        bool target_dir = is_dir(target->inode->mode);
        if (old_dir && !target_dir) return Error(ENOTDIR);
        if (!old_dir && target_dir) return Error(EISDIR);
        if (target_dir && !target->children.empty()) return Error(ENOTEMPTY);
        if (d_is_below(old, target) || d_is_below(target, old)) return Error(EINVAL);
    }
    if (busy(old) || (target && busy(target))) return Error(EBUSY);
    Dentry* old_parent = old->parent;
    d_get(old_parent);
    if (target) {
        if (is_dir(target->inode->mode)) {
            target->inode->nlink = 0;
            --dir->inode->nlink;
        } else {
            --target->inode->nlink;
        }
        target->inode->ctime = now();
        d_drop(target);
    }
    if (auto r = d_move(old, dir, name); r.is_error()) {
        d_put(old_parent);
        return Error(r.error());
    }
    if (old_dir && old_parent != dir) {
        --old_parent->inode->nlink;
        ++dir->inode->nlink;
    }
    old->inode->ctime = now();
    touch_modified(*dir->inode);
    touch_modified(*old_parent->inode);
    d_put(old_parent);
    return {};
}

}  // namespace vfs
