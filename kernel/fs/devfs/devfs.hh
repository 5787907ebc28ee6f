// kernel/fs/devfs/devfs.hh — /dev: a tmpfs holding the device nodes and their links.
//
// Linux's /dev is devtmpfs, a tmpfs the kernel fills with a node per device; so is
// ours. The memory devices live here (null, zero, full, random, urandom: major 1);
// the console registers itself (console, tty, ttyS0). Links: fd -> /proc/self/fd and
// stdin, stdout, stderr -> /proc/self/fd/0..2 (procfs comes with "Files, part 2").
// The disks (lab 06): vda, vda1, ... as block special files (block.cc).
#pragma once

#include "fs/vfs/file.hh"

namespace devfs {

/// One device node devfs makes: name, number, operations (memory.cc has the memory
/// devices; the console registers its own with add_device before make()).
struct Device {
    const char* name;
    u32 minor;  ///< major 1 for the memory devices
    const vfs::FileOps* ops;
};
extern const Device memory_devices[];
extern const usize memory_device_count;

/// Adds a character device node @p name (number @p rdev, mode 0666 or @p mode) to what
/// make() creates, and registers its operations. Call before make(). ENOMEM.
Result<void> add_device(const char* name, u64 rdev, u32 mode, const vfs::FileOps* ops);

/// /dev/pts, where the pseudo-terminal slaves appear (null before make()).
vfs::Dentry* pts_dir();
/// Makes a block special file for every disk and partition block::probe() found, in
/// @p root (VFS lock held; the caller probed). ENOMEM.
Result<void> add_block_nodes(vfs::Dentry* root);

/// Registers the memory devices and makes a devtmpfs instance with every node: its
/// root dentry (with a reference). ENOMEM.
Result<vfs::Dentry*> make();

}  // namespace devfs
