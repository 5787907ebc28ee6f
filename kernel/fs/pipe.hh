// kernel/fs/pipe.hh — pipes and FIFOs: a ring buffer between writers and readers.
//
// A pipe holds up to 64 KiB. A read takes what is there (at least one byte), sleeping
// while the pipe is empty and has writers; with no writers left it returns 0 (end of
// file). A write of at most PIPE_BUF (4096) bytes goes in whole or waits until it can;
// a longer one may be split between readers. Writing with no readers left is EPIPE,
// and raises SIGPIPE in the writer. O_NONBLOCK turns every wait into EAGAIN.
//
// pipe(2) makes an anonymous pipe: an inode of the internal "pipefs" with two Files.
// A FIFO (mknod S_IFIFO) gets its pipe at the first open and loses it at the last
// close; opening one end for reading or writing waits for the other end (O_RDWR and
// non-blocking reads do not; a non-blocking writer with no reader gets ENXIO).
#pragma once

#include "fs/vfs/file.hh"

namespace pipes {

constexpr usize PIPE_BUF = 4096;
constexpr usize PIPE_SIZE = 65536;

/// The two ends of a new pipe: [0] for reading, [1] for writing; @p flags may hold
/// O_NONBLOCK (O_CLOEXEC is the caller's). ENOMEM, ENFILE.
Result<void> make_pipe(vfs::File* ends[2], u32 flags);

/// Sets up pipefs and registers the FIFO operations with the VFS (at boot).
Result<void> init();

}  // namespace pipes
