// kernel/fs/anon_inode.hh — Files without a name: epoll, eventfd, timerfd, signalfd.
//
// Such a File has no path; it shares one inode of an internal file system (mode 0600,
// no file type bits, as Linux's anon_inodefs), so that fstat answers for it.
#pragma once

#include "fs/vfs/file.hh"

namespace anon {

/// Sets up the internal file system (at boot, after tmpfs). ENOMEM.
Result<void> init();
/// A new File with @p ops, status flags @p flags (O_ACCMODE, O_NONBLOCK) and state
/// @p priv. ENOMEM, ENFILE before init.
Result<vfs::File*> make_file(const vfs::FileOps* ops, u32 flags, void* priv);

}  // namespace anon
