// kernel/fs/vfs/mount.cc — the mount table (mount.hh).
#include "fs/vfs/mount.hh"

namespace vfs {
namespace {

constexpr usize MAX_MOUNTS = 32;
Mount mounts[MAX_MOUNTS];
usize used = 0;

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

Result<Mount*> mount_add(const Path& where, Superblock* sb, Dentry* root) {
    if (used && mount_on(where.mnt, where.dentry)) return Error(EBUSY);
    if (used == MAX_MOUNTS) return Error(ENOMEM);
    Mount* m = &mounts[used++];
    *m = Mount{};
    m->sb = sb;
    m->root = root;
    d_get(root);
    if (where.dentry) {
        m->parent = where.mnt;
        m->mountpoint = where.dentry;
        d_get(where.dentry);
        ++where.dentry->mounted;
    }
    return m;
}

Mount* mount_on(Mount* mnt, Dentry* d) {
    if (!d->mounted) return nullptr;
    for (usize i = 0; i < used; ++i)
        if (mounts[i].parent == mnt && mounts[i].mountpoint == d) return &mounts[i];
    return nullptr;
}

Mount* root_mount() { return used ? &mounts[0] : nullptr; }
usize mount_count() { return used; }
Mount* mount_at(usize i) { return i < used ? &mounts[i] : nullptr; }

}  // namespace vfs
