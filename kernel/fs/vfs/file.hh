// kernel/fs/vfs/file.hh — an open file: the object file descriptors point at.
//
// open(2) makes a File; dup and fork share it (so they share its offset and status
// flags), close drops a reference, and the last reference releases it. What a read or
// a write does depends on what was opened, so a File carries an operations table
// (FileOps), chosen at open: tmpfs data, a directory, a device, a pipe.
#pragma once

#include <atomic>

#include "fs/vfs/io.hh"
#include "fs/vfs/mount.hh"
#include "vm/user_copy.hh"

namespace vfs {

struct File;
struct PollWait;  // fs/vfs/poll.hh

/// poll(2)'s readiness bits (epoll's EPOLL* bits have the same values).
constexpr u32 POLLIN = 0x1, POLLPRI = 0x2, POLLOUT = 0x4, POLLERR = 0x8, POLLHUP = 0x10,
              POLLNVAL = 0x20, POLLRDNORM = 0x40, POLLRDBAND = 0x80, POLLWRNORM = 0x100,
              POLLWRBAND = 0x200, POLLMSG = 0x400, POLLRDHUP = 0x2000;
constexpr int SEEK_SET = 0, SEEK_CUR = 1, SEEK_END = 2, SEEK_DATA = 3, SEEK_HOLE = 4;

/// The operations of one kind of open file. A null entry means the call does not apply:
/// read/write EINVAL, llseek ESPIPE, ioctl ENOTTY, mmap ENODEV, getdents ENOTDIR.
struct FileOps {
    /// Reads into @p buf at *@p pos, advancing it: the bytes read (0 at the end).
    Result<u64> (*read)(File& f, const IoBuf& buf, u64* pos);
    /// Writes @p buf at *@p pos, advancing it: the bytes written.
    Result<u64> (*write)(File& f, const IoBuf& buf, u64* pos);
    /// The new offset for lseek(@p offset, @p whence) (the caller stores it).
    Result<u64> (*llseek)(File& f, i64 offset, int whence);
    /// What read and write would do now, as POLL* bits; registers @p pw (when not null)
    /// on the wait queues whose wake-ups change the answer (fs/vfs/poll.hh). Never
    /// sleeps. Null: always readable and writable.
    u32 (*poll)(File& f, PollWait* pw);
    Result<u64> (*ioctl)(File& f, u32 request, vm::UserAddr arg);
    Result<u64> (*mmap)(File& f);
    /// Fills @p buf with struct linux_dirent64 records from the offset f.pos on.
    Result<u64> (*getdents)(File& f, const IoBuf& buf);
    /// Called once, when the last reference goes.
    void (*release)(File& f);
    /// Called when a File of this kind is made (a FIFO waits for its other end here).
    Result<void> (*open)(File& f);
    /// fsync (@p datasync: fdatasync): the file's dirty data on the disk, the disk
    /// flushed. Null: nothing to write (in-memory files), or EINVAL for pipes, sockets
    /// and character devices, as Linux (syscall/fs_sync.cc decides).
    Result<void> (*fsync)(File& f, bool datasync);
};

struct File {
    std::atomic<u32> refs{1};
    u32 flags = 0;  ///< the open flags F_GETFL reports (O_ACCMODE, O_APPEND, O_NONBLOCK...)
    const FileOps* ops = nullptr;
    Path path;               ///< where it was opened (empty for a pipe)
    Inode* inode = nullptr;  ///< with a reference
    std::atomic<u64> pos{0};
    void* priv = nullptr;  ///< the operations' own state
    /// The epoll items watching this File (fs/poll/epoll.cc; guarded by its lock).
    void* epoll_items = nullptr;

    bool readable() const { return (flags & O_PATH) == 0 && (flags & O_ACCMODE) != O_WRONLY; }
    bool writable() const {
        return (flags & O_PATH) == 0 &&
               ((flags & O_ACCMODE) == O_WRONLY || (flags & O_ACCMODE) == O_RDWR);
    }
};

/// A File for @p inode reached at @p path (either may be absent for pipes), with the
/// operations @p ops; takes references on both. ENOMEM.
Result<File*> file_alloc(const Path& path, Inode* inode, const FileOps* ops, u32 flags);
File* file_get(File* f);
/// Drops a reference; the last one releases the File (takes the VFS lock: not held).
void file_put(File* f);

/// Device numbers as stat reports them, and the table of character devices.
constexpr u64 make_dev(u32 major, u32 minor) { return (u64(major) << 8) | minor; }
/// Registers the operations of character device @p rdev (at boot). ENOMEM when full.
Result<void> register_chrdev(u64 rdev, const FileOps* ops);
/// Registers the operations of every character device of major @p major (at boot).
Result<void> register_chrdev_major(u32 major, const FileOps* ops);
/// The operations of character device @p rdev, or null (ENXIO at open).
const FileOps* chrdev_ops(u64 rdev);

/// Registers the operations of block device @p rdev (block special files). ENOMEM when full.
Result<void> register_blkdev(u64 rdev, const FileOps* ops);
/// The operations of block device @p rdev, or null (ENXIO at open).
const FileOps* blkdev_ops(u64 rdev);

/// lseek for files whose end is their size (regular files, directories).
Result<u64> generic_llseek(File& f, i64 offset, int whence, u64 size);

}  // namespace vfs
