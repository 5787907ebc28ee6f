// kernel/fs/vfs/mount.cc — the mount table (mount.hh).
#include "fs/vfs/mount.hh"

#include "mm/heap.hh"

namespace vfs {
namespace {

IntrusiveList<Mount, &Mount::node> mounts;   // attached, in mount order
IntrusiveList<Mount, &Mount::node> retired;  // unmounted: kept for paths still inside
Mount* root_ = nullptr;
u32 next_id = 1;

void attach(Mount* m, const Path& where) {
    m->parent = where.mnt;
    m->mountpoint = where.dentry;
    d_get(where.dentry);
    ++where.dentry->mounted;
}

void unhook(Mount* m) {
    if (!m->mountpoint) return;
    --m->mountpoint->mounted;
    d_put(m->mountpoint);
    m->mountpoint = nullptr;
    m->parent = nullptr;
}

}  // namespace

Result<void> want_write(const Path& p) {
    if (p.mnt && (p.mnt->flags & MS_RDONLY)) return Error(EROFS);
    return {};
}

bool mount_nosuid(const Path& p) { return p.mnt && (p.mnt->flags & MS_NOSUID); }
bool mount_nodev(const Path& p) { return p.mnt && (p.mnt->flags & MS_NODEV); }
bool mount_noexec(const Path& p) { return p.mnt && (p.mnt->flags & MS_NOEXEC); }

Path path_get(const Path& p) {
    if (p.dentry) d_get(p.dentry);
    return p;
}

void path_put(Path& p) {
    if (p.dentry) d_put(p.dentry);
    p = Path{};
}

Result<Mount*> mount_add(const Path& where, Superblock* sb, Dentry* root, u32 flags) {
    Mount* m = TRY(mm::make<Mount>());
    m->sb = sb;
    m->root = root;
    m->flags = flags & MNT_FLAGS;
    m->id = next_id++;
    m->attached = true;
    d_get(root);
    ++sb->mounts;
    if (where.dentry) {
        // On top of whatever is mounted there already: walks go to the newest.
        Path top = where;
        while (Mount* above = mount_on(top.mnt, top.dentry)) top = Path{above, above->root};
        attach(m, top);
    } else {
        root_ = m;
    }
    mounts.push_back(*m);
    return m;
}

void mount_detach(Mount* m) {
    unhook(m);
    if (m == root_) root_ = nullptr;
    m->attached = false;
    --m->sb->mounts;
    mounts.remove(*m);
    retired.push_back(*m);
}

void mount_move(Mount* m, const Path& where) {
    unhook(m);
    attach(m, where);
}

Mount* mount_on(Mount* mnt, Dentry* d) {
    if (!d->mounted) return nullptr;
    for (Mount& m : mounts)
        if (m.parent == mnt && m.mountpoint == d) return &m;
    return nullptr;
}

bool mount_has_children(const Mount* m) {
    for (Mount& c : mounts)
        if (c.parent == m) return true;
    return false;
}

Mount* root_mount() { return root_; }

usize mount_count() { return mounts.size(); }

Mount* mount_at(usize i) {
    for (Mount& m : mounts)
        if (i-- == 0) return &m;
    return nullptr;
}

}  // namespace vfs
