// kernel/fs/tmpfs/tmpfs.hh — tmpfs: a file system that lives in memory only.
//
// Its directories are the dentry cache itself (fs/vfs/dentry.hh), its files keep their
// data in a page index (fs/vfs/page_index.hh: pages by file offset, holes read as
// zeros), its symbolic links keep their target in the inode. The root file system is
// a tmpfs with the initramfs unpacked into it; /tmp, /dev/shm and /dev (devfs) are
// tmpfs instances too.
#pragma once

#include "fs/vfs/file.hh"

namespace tmpfs {

/// A new, empty instance named @p type (its root: a directory with mode @p root_mode).
/// The super block and the root dentry (with a reference) in @p root. ENOMEM.
/// statfs's f_type of tmpfs (TMPFS_MAGIC).
constexpr u32 MAGIC = 0x01021994;

Result<vfs::Superblock*> make(const char* type, u32 root_mode, vfs::Dentry** root);

/// The operations of tmpfs regular files and directories.
extern const vfs::FileOps file_ops;
extern const vfs::FileOps dir_ops;

}  // namespace tmpfs
