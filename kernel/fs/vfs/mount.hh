// kernel/fs/vfs/mount.hh — the mount table, and a Path: a dentry seen through a mount.
//
// A Mount puts the root dentry of a file system over a dentry of another (its
// mountpoint); the first mount is the root, with no parent. The same dentry can be
// reached through different mounts, so a place in the name space is a Path: the pair
// (mount, dentry). Mounts are never undone yet (umount is lab 06).
#pragma once

#include "fs/vfs/dentry.hh"

namespace vfs {

struct Mount {
    Mount* parent = nullptr;       ///< null for the root mount
    Dentry* mountpoint = nullptr;  ///< in the parent's tree
    Dentry* root = nullptr;        ///< the mounted file system's root
    Superblock* sb = nullptr;
    u32 flags = 0;  ///< MS_RDONLY, MS_NOSUID, ... (recorded)
};

/// A place in the name space. Holds a reference on the dentry when it is "got".
struct Path {
    Mount* mnt = nullptr;
    Dentry* dentry = nullptr;
    bool empty() const { return dentry == nullptr; }
    bool operator==(const Path& o) const { return mnt == o.mnt && dentry == o.dentry; }
};

/// Takes a reference on @p p's dentry and returns it (VFS lock held).
Path path_get(const Path& p);
/// Drops the reference and empties @p p (VFS lock held).
void path_put(Path& p);

/// Mounts @p sb with root dentry @p root on @p where (the first call: as the root).
/// EBUSY when something is mounted there already, ENOMEM when the table is full.
Result<Mount*> mount_add(const Path& where, Superblock* sb, Dentry* root);
/// The mount on @p d seen through @p mnt, or null.
Mount* mount_on(Mount* mnt, Dentry* d);
/// The root mount (null before the first mount_add).
Mount* root_mount();
/// Every mount, in mount order, for /proc/mounts and tests.
usize mount_count();
Mount* mount_at(usize i);

}  // namespace vfs
