// kernel/net/socket/file.hh — sockets as Files: read, write, poll and close on a socket fd.
//
// A socket File's priv is its net::Socket; its inode is an S_IFSOCK inode of an internal
// tmpfs ("sockfs"), so fstat works as on Linux. dup and fork share the File, and the
// last close closes the socket.
#pragma once

#include "fs/vfs/file.hh"
#include "net/socket/socket.hh"

namespace net {

/// Makes sockfs (boot, once).
Result<void> sockfs_init();
/// A File for @p s with open flags @p flags (O_RDWR | O_NONBLOCK as asked); on error
/// the socket is closed. ENOMEM, ENFILE.
Result<vfs::File*> socket_file(Socket* s, u32 flags);
/// The socket behind @p f, or null when @p f is not a socket (ENOTSOCK for callers).
Socket* socket_of(vfs::File& f);
/// What a send on a stream socket returns, after raising SIGPIPE in the calling process
/// when it is EPIPE and @p flags has no MSG_NOSIGNAL (as Linux does).
Result<u64> with_sigpipe(Socket& s, Result<u64> sent, int flags);
/// The readiness of socket File @p f as POLL* bits; @p pw (may be null) is registered
/// first on socket_of(f)->wait_queue(), under wait_lock(); lwIP's events wake it.
u32 socket_poll(vfs::File& f, vfs::PollWait* pw);

}  // namespace net
