// kernel/fs/vfs/namespace.hh — changing the tree: create, link, unlink, rmdir, rename.
//
// The in-memory file systems keep their directories in the dentry cache, so these
// operations work on dentries directly, and make or free inodes through the super
// block's operations. Each checks what Linux checks, in Linux's order where a program
// can tell (EEXIST before ENOTDIR...). All run under vfs::tree_lock(); @p dir is a
// directory, and a name is neither "", "." nor "..", which the callers turned away.
#pragma once

#include "fs/vfs/mount.hh"

namespace vfs {

/// Who creates: the owner of new inodes.
struct Creator {
    u32 uid = 0, gid = 0;
};

/// A new inode @p mode (type | permissions) named @p name in @p dir: regular files,
/// directories, FIFOs, devices (@p rdev), sockets. EEXIST, ENOMEM.
Result<Dentry*> create(Dentry* dir, StrView name, u32 mode, u64 rdev, const Creator& who);
/// A symbolic link @p name in @p dir to @p target. EEXIST, ENOMEM.
Result<Dentry*> symlink(Dentry* dir, StrView name, StrView target, const Creator& who);
/// A new name @p name in @p dir for @p old's inode. EEXIST, EPERM (a directory),
/// EXDEV (another file system), ENOENT (@p old was unlinked: nlink 0), EMLINK.
Result<void> link(Dentry* old, Dentry* dir, StrView name);
/// Removes the non-directory @p d. EISDIR, EBUSY (a mountpoint).
Result<void> unlink(Dentry* d);
/// Removes the empty directory @p d. ENOTDIR, ENOTEMPTY, EBUSY (a mountpoint or root).
Result<void> rmdir(Dentry* d);
/// Renames @p old to @p name in @p dir; @p flags RENAME_NOREPLACE, RENAME_EXCHANGE.
/// EXDEV, EINVAL (into itself), ENOTDIR, EISDIR, ENOTEMPTY, EEXIST, ENOENT, EBUSY.
Result<void> rename(Dentry* old, Dentry* dir, StrView name, u32 flags);

}  // namespace vfs
