// kernel/fs/vfs/mount_ops.cc — umount, move and pivot_root on the mount tree (mount_ops.hh).
#include "fs/vfs/mount_ops.hh"

#include "fs/vfs/namespace.hh"

namespace vfs {
namespace {

// The next dentry after @p d in a depth-first walk of the tree under @p top, or null.
Dentry* next_in_tree(Dentry* d, Dentry* top) {
    if (Dentry* c = d->children.front()) return c;
    while (d != top) {
        Dentry* parent = d->parent;
        if (Dentry* sib = parent->children.next(*d)) return sib;
        d = parent;
    }
    return nullptr;
}

// References the tree itself holds on @p d: one per child, one per mount on it, one for
// each mount whose root it is (@p self among them).
u32 tree_refs(const Dentry* d) {
    u32 n = u32(d->children.size()) + d->mounted;
    for (usize i = 0;; ++i) {
        Mount* m = mount_at(i);
        if (!m) break;
        if (m->root == d) ++n;
    }
    return n;
}

bool is_below_mount(const Mount* m, const Mount* ancestor) {
    for (; m; m = m->parent)
        if (m == ancestor) return true;
    return false;
}

}  // namespace

bool mount_busy(const Mount* m, const Dentry* held) {
    if (mount_has_children(m)) return true;
    for (Dentry* d = m->root; d; d = next_in_tree(d, m->root)) {
        u32 own = tree_refs(d) + (d == held ? 1 : 0);
        if (d->refs > own) return true;
    }
    return false;
}

Result<void> umount(const Path& p, u32 flags) {
    Mount* m = p.mnt;
    if (p.dentry != m->root || !m->attached) return Error(EINVAL);
    if (!m->parent) return Error((flags & MNT_DETACH) ? EINVAL : EBUSY);
    if (flags & MNT_DETACH) {
        // Lazily: this mount and every mount below it leave the tree now.
        for (;;) {
            Mount* deepest = nullptr;
            for (usize i = 0;; ++i) {
                Mount* c = mount_at(i);
                if (!c) break;
                if (c != m && is_below_mount(c, m) && !mount_has_children(c)) deepest = c;
            }
            if (!deepest) break;
            mount_detach(deepest);
            release_if_unmounted(deepest);
        }
        mount_detach(m);
        release_if_unmounted(m);
        return {};
    }
    if (mount_busy(m, p.dentry)) return Error(EBUSY);
    mount_detach(m);
    release_if_unmounted(m);
    return {};
}

Result<void> move_mount(const Path& from, const Path& to) {
    Mount* m = from.mnt;
    if (from.dentry != m->root || !m->parent) return Error(EINVAL);
    if (is_below_mount(to.mnt, m)) return Error(ELOOP);
    mount_move(m, to);
    return {};
}

void release_if_unmounted(Mount* m) {
    if (m->sb->mounts != 0) return;
    // Unlink everything below the root, children before their parents.
    for (;;) {
        Dentry* d = m->root;
        while (Dentry* c = d->children.front()) d = c;
        if (d == m->root) break;
        if (is_dir(d->inode->mode)) {
            d->inode->nlink = 0;
            --d->parent->inode->nlink;
        } else {
            --d->inode->nlink;
        }
        d_drop(d);
    }
}

}  // namespace vfs
