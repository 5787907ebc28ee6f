// kernel/fs/vfs/inode.hh — inodes and super blocks: the files themselves, and their file system.
//
// An Inode is one file whatever its names: type and permissions, owner, link count,
// size, time stamps, and its contents (a regular file's pages, a symbolic link's
// target, a FIFO's pipe). A Superblock is one mounted file system: its device number
// (st_dev), its inode numbers, and the operations that differ between file systems.
//
// Inodes are counted: every dentry naming one and every open File holds a reference.
// The last reference to an inode without links (nlink 0) frees it, so a file that
// was unlinked while open lives until its last close. Counts and links change under
// the VFS lock (vfs::tree_lock()); a regular file's data and size under the inode's
// data lock.
#pragma once

#include <atomic>

#include "fs/vfs/flags.hh"
#include "fs/vfs/page_index.hh"
#include "lib/result.hh"
#include "lib/spinlock.hh"
#include "lib/strview.hh"

namespace pipes {
class Pipe;
}

namespace vfs {

struct FileOps;
struct Inode;
struct Superblock;

/// What differs between file systems (tmpfs, devfs, pipefs share the in-memory ones).
struct SuperOps {
    /// A new inode of type and permissions @p mode, with one reference and no links.
    Result<Inode*> (*alloc_inode)(Superblock& sb, u32 mode);
    /// Frees an inode whose last reference went (its data with it).
    void (*free_inode)(Inode* inode);
    /// Changes a regular file's size: drops the data past it, or makes a hole up to it.
    Result<void> (*setsize)(Inode& inode, u64 size);
};

/// One file system instance.
struct Superblock {
    const char* type = "";  ///< its name in /proc/mounts ("tmpfs")
    u32 dev = 0;            ///< st_dev of its files
    const SuperOps* ops = nullptr;
    u64 next_ino = 1;                ///< under the VFS lock
    u64 inodes = 0;                  ///< live inodes (under the VFS lock)
    u32 mounts = 0;                  ///< attached mounts of it (under the VFS lock)
    u32 magic = 0;                   ///< statfs's f_type (TMPFS_MAGIC...)
    u64 max_pages = 0;               ///< tmpfs size=: pages its files may hold (0: no limit)
    std::atomic<u64> used_pages{0};  ///< pages its files hold
};

struct Inode {
    u64 ino = 0;
    u32 mode = 0;   ///< S_IFMT type | permission bits
    u32 nlink = 0;  ///< names (a directory: 2 + subdirectories)
    u32 uid = 0, gid = 0;
    u64 rdev = 0;  ///< a device's number (major << 8 | minor, Linux's old encoding)
    u64 size = 0;  ///< regular files: under data_lock
    Timespec atime, mtime, ctime, btime;
    Superblock* sb = nullptr;
    const FileOps* fops = nullptr;  ///< what open() gives a File of this inode
    u32 refs = 0;                   ///< under the VFS lock
    SpinLock data_lock{"inode-data"};
    PageIndex pages;              ///< a regular file's data
    char* link = nullptr;         ///< a symbolic link's target (NUL-terminated)
    pipes::Pipe* pipe = nullptr;  ///< a FIFO's (or an anonymous pipe's) buffer
};

/// The VFS lock: the dentry tree, the mounts, inode and dentry counts.
SpinLock& tree_lock();

/// The current time as stamps record it (the real-time clock; 0 until one is set).
Timespec now();
/// Sets where now() comes from (nanoseconds since the epoch).
void set_clock(u64 (*realtime_ns)());

/// Takes a reference (VFS lock held).
void iget(Inode* inode);
/// Drops a reference; the last one frees the inode (VFS lock held).
void iput(Inode* inode);
/// Sets mtime and ctime to now.
void touch_modified(Inode& inode);

}  // namespace vfs
