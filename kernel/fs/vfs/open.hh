// kernel/fs/vfs/open.hh — open(2) without the file descriptor: from a path to a File.
//
// open_at walks the path (creating the last component for O_CREAT), checks what the
// flags ask of the file found (O_EXCL, O_DIRECTORY, O_NOFOLLOW, a directory opened for
// writing), picks the operations for its type (the inode's own, a character device's
// from the device table, a FIFO's, none for O_PATH) and truncates for O_TRUNC.
#pragma once

#include "fs/vfs/file.hh"
#include "fs/vfs/fs_context.hh"
#include "fs/vfs/namespace.hh"

namespace vfs {

/// Opens @p path from @p origin with open(2)'s @p flags; @p mode (less @p umask) for a
/// file O_CREAT makes. ENOENT, EEXIST, EISDIR, ENOTDIR, ELOOP, ENXIO, ENAMETOOLONG...
Result<File*> open_at(const Origin& origin, StrView path, u32 flags, u32 mode, u32 umask,
                      const Creator& who);
/// A File for @p p, already found (the last half of open_at; also execve's).
Result<File*> open_path(const Path& p, u32 flags);

/// The operations of FIFOs (fs/pipe.cc sets them at boot; without them ENXIO).
void set_fifo_ops(const FileOps* ops);

}  // namespace vfs
