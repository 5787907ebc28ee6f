// kernel/fs/vfs/flags.hh — Linux's numbers for file types, open flags and *at flags.
//
// The values are the x86_64 ABI (asm-generic/fcntl.h, uapi/linux/stat.h): a program
// passes them as they are, so they are the kernel's own names too.
#pragma once

#include "lib/types.hh"

// Host unit tests compile this next to libc's headers, whose macros of the same names
// carry the same values: they make way for the constants below (the tests include
// libc's headers first, through their precompiled header).
#ifdef KSTRING_HOST_TEST
#undef S_IFMT
#undef S_IFSOCK
#undef S_IFLNK
#undef S_IFREG
#undef S_IFBLK
#undef S_IFDIR
#undef S_IFCHR
#undef S_IFIFO
#undef S_ISUID
#undef S_ISGID
#undef S_ISVTX
#undef O_RDONLY
#undef O_WRONLY
#undef O_RDWR
#undef O_ACCMODE
#undef O_CREAT
#undef O_EXCL
#undef O_NOCTTY
#undef O_TRUNC
#undef O_APPEND
#undef O_NONBLOCK
#undef O_DSYNC
#undef O_ASYNC
#undef O_DIRECT
#undef O_LARGEFILE
#undef O_DIRECTORY
#undef O_NOFOLLOW
#undef O_NOATIME
#undef O_CLOEXEC
#undef O_SYNC
#undef O_PATH
#undef O_TMPFILE
#undef AT_FDCWD
#undef AT_SYMLINK_NOFOLLOW
#undef AT_REMOVEDIR
#undef AT_EACCESS
#undef AT_SYMLINK_FOLLOW
#undef AT_NO_AUTOMOUNT
#undef AT_EMPTY_PATH
#undef AT_STATX_SYNC_TYPE
#undef RENAME_NOREPLACE
#undef RENAME_EXCHANGE
#undef RENAME_WHITEOUT
#undef NAME_MAX
#undef POLLIN
#undef POLLPRI
#undef POLLOUT
#undef POLLERR
#undef POLLHUP
#undef POLLRDNORM
#undef POLLWRNORM
#undef SEEK_SET
#undef SEEK_CUR
#undef SEEK_END
#undef SEEK_DATA
#undef SEEK_HOLE
#endif

namespace vfs {

constexpr u32 S_IFMT = 0170000, S_IFSOCK = 0140000, S_IFLNK = 0120000, S_IFREG = 0100000,
              S_IFBLK = 0060000, S_IFDIR = 0040000, S_IFCHR = 0020000, S_IFIFO = 0010000;
constexpr u32 S_ISUID = 04000, S_ISGID = 02000, S_ISVTX = 01000;
constexpr u32 MODE_BITS = 07777;

constexpr bool is_dir(u32 mode) { return (mode & S_IFMT) == S_IFDIR; }
constexpr bool is_reg(u32 mode) { return (mode & S_IFMT) == S_IFREG; }
constexpr bool is_lnk(u32 mode) { return (mode & S_IFMT) == S_IFLNK; }
constexpr bool is_chr(u32 mode) { return (mode & S_IFMT) == S_IFCHR; }
constexpr bool is_blk(u32 mode) { return (mode & S_IFMT) == S_IFBLK; }
constexpr bool is_fifo(u32 mode) { return (mode & S_IFMT) == S_IFIFO; }

constexpr u32 O_RDONLY = 0, O_WRONLY = 1, O_RDWR = 2, O_ACCMODE = 3;
constexpr u32 O_CREAT = 0100, O_EXCL = 0200, O_NOCTTY = 0400, O_TRUNC = 01000, O_APPEND = 02000,
              O_NONBLOCK = 04000, O_DSYNC = 010000, O_ASYNC = 020000, O_DIRECT = 040000,
              O_LARGEFILE = 0100000, O_DIRECTORY = 0200000, O_NOFOLLOW = 0400000,
              O_NOATIME = 01000000, O_CLOEXEC = 02000000, O_SYNC = 04010000, O_PATH = 010000000,
              O_TMPFILE = 020000000;
/// The flags F_SETFL may change.
constexpr u32 SETFL_MASK = O_APPEND | O_NONBLOCK | O_ASYNC | O_DIRECT | O_NOATIME;

constexpr int AT_FDCWD = -100;
constexpr u32 AT_SYMLINK_NOFOLLOW = 0x100, AT_REMOVEDIR = 0x200, AT_EACCESS = 0x200,
              AT_SYMLINK_FOLLOW = 0x400, AT_NO_AUTOMOUNT = 0x800, AT_EMPTY_PATH = 0x1000,
              AT_STATX_SYNC_TYPE = 0x6000;

constexpr u32 RENAME_NOREPLACE = 1, RENAME_EXCHANGE = 2, RENAME_WHITEOUT = 4;

/// The longest name of one path component (NAME_MAX) and the most symbolic links one
/// walk follows (MAXSYMLINKS) before it gives up with ELOOP.
constexpr usize NAME_MAX = 255;
constexpr int MAX_SYMLINKS = 40;

/// A time stamp as stat reports it.
struct Timespec {
    i64 sec = 0;
    i64 nsec = 0;
};

}  // namespace vfs
