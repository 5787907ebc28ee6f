// kernel/fs/vfs/mount.hh — the mount table, and a Path: a dentry seen through a mount.
//
// A Mount puts the root dentry of a file system over a dentry of another (its
// mountpoint); the first mount is the root, with no parent. The same dentry can be
// reached through different mounts, so a place in the name space is a Path: the pair
// (mount, dentry). mount(2) adds mounts (new file systems, bind mounts), moves them and
// changes their flags; umount2 takes them off the tree (fs/vfs/mount_ops.hh). A Mount
// taken off the tree is kept (retired), never freed: paths into a lazily detached mount
// stay valid without a count on every Path; its root dentry stays pinned with it.
#pragma once

#include "fs/vfs/dentry.hh"
#include "lib/list.hh"

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
    Mount* parent = nullptr;       ///< null for the root mount and for a detached one
    Dentry* mountpoint = nullptr;  ///< in the parent's tree
    Dentry* root = nullptr;        ///< the mounted file system's root (or a bind's dentry)
    Superblock* sb = nullptr;
    u32 flags = 0;          ///< its MNT_FLAGS: MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC...
    u32 id = 0;             ///< statx's mnt_id, /proc/self/mountinfo's first field
    bool attached = false;  ///< in the tree (false once unmounted)
    bool expiring = false;  ///< umount2(MNT_EXPIRE) marked it; a second call unmounts
    ListNode node;          ///< in the mount table, in mount order
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

/// Mounts @p sb with root dentry @p root on @p where (the first call: as the root), with
/// the per-mount @p flags. Mounts stack: on a busy place the new one goes on top (Linux's
/// rule). ENOMEM.
Result<Mount*> mount_add(const Path& where, Superblock* sb, Dentry* root, u32 flags = 0);
/// Takes @p m off the tree (its children must be gone already) and retires it.
void mount_detach(Mount* m);
/// Moves @p m (attached, not the root) onto @p where.
void mount_move(Mount* m, const Path& where);

/// The mount on @p d seen through @p mnt, or null.
Mount* mount_on(Mount* mnt, Dentry* d);
/// The root mount (null before the first mount_add).
Mount* root_mount();
/// The attached mounts, in mount order, for /proc/mounts and tests (O(n) each).
usize mount_count();
Mount* mount_at(usize i);
/// Whether a mount is on top of @p m (whose children are then in the way).
bool mount_has_children(const Mount* m);

}  // namespace vfs
