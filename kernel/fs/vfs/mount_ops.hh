// kernel/fs/vfs/mount_ops.hh — what mount(2), umount2(2) and pivot_root(2) do to the tree.
//
// The system calls (syscall/fs_mount.cc) check privileges and copy their arguments; these
// functions change the mount tree under vfs::tree_lock(), with Linux's rules:
//   umount   the path must be the root of a mount; a mount with mounts on top of it, or
//            whose files are in use (open files, working directories: any reference to
//            a dentry of it beyond the tree's own), is EBUSY unless MNT_DETACH, which
//            takes it off the tree at once and leaves its users where they are;
//   move     takes a whole mount to another place, never below itself (ELOOP).
#pragma once

#include "fs/vfs/mount.hh"

namespace vfs {

constexpr u32 MNT_FORCE = 1, MNT_DETACH = 2, MNT_EXPIRE = 4, UMOUNT_NOFOLLOW = 8;

/// Whether anything outside the tree holds a dentry of @p m's file system below its root
/// (@p held: a dentry the caller itself holds once, not counted).
bool mount_busy(const Mount* m, const Dentry* held);

/// umount2 of the mount whose root @p p is. EINVAL (not a mount root, the root mount),
/// EBUSY.
Result<void> umount(const Path& p, u32 flags);

/// MS_MOVE of the mount whose root @p from is onto @p to. EINVAL, ELOOP.
Result<void> move_mount(const Path& from, const Path& to);

/// If the file system of @p m has no mount left, empties it (every name unlinked), so
/// that its files go as their last users close them.
void release_if_unmounted(Mount* m);

}  // namespace vfs
