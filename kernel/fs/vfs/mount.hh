// kernel/fs/vfs/mount.hh — the mount table, and a Path: a dentry seen through a mount.
//
// A Mount puts the root dentry of a file system over a dentry of another (its
// mountpoint); the first mount is the root, with no parent. The same dentry can be
// reached through different mounts, so a place in the name space is a Path: the pair
// (mount, dentry). Mounts are never undone yet (umount is lab 06).
#pragma once

#include "fs/vfs/dentry.hh"

namespace vfs {

/// mount(2)'s flags (Linux's MS_*); a Mount keeps the per-mount ones (MNT_FLAGS).
constexpr u32 MS_RDONLY = 1, MS_NOSUID = 2, MS_NODEV = 4, MS_NOEXEC = 8, MS_SYNCHRONOUS = 16,
              MS_REMOUNT = 32, MS_MANDLOCK = 64, MS_DIRSYNC = 128, MS_NOSYMFOLLOW = 256,
              MS_NOATIME = 1024, MS_NODIRATIME = 2048, MS_BIND = 4096, MS_MOVE = 8192,
              MS_REC = 16384, MS_SILENT = 32768, MS_PRIVATE = 1 << 18, MS_SLAVE = 1 << 19,
              MS_SHARED = 1 << 20, MS_RELATIME = 1 << 21, MS_STRICTATIME = 1 << 24,
              MS_LAZYTIME = 1 << 25;
constexpr u32 MNT_FLAGS = MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_NOSYMFOLLOW |
                          MS_NOATIME | MS_NODIRATIME | MS_RELATIME | MS_STRICTATIME;

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

/// EROFS when @p p is on a read-only mount (what a change of a file there asks first).
Result<void> want_write(const Path& p);
/// Whether set-user-ID bits, devices and execution are honoured on @p p's mount.
bool mount_nosuid(const Path& p);
bool mount_nodev(const Path& p);
bool mount_noexec(const Path& p);

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
