// kernel/fs/vfs/io.hh — the buffer of one read or write: segments in user or kernel memory.
//
// A read(2) fills one user range, readv(2) several; execve reads a program into the
// kernel, and the host tests read into their own memory. File operations see all of
// them as an IoBuf: a list of segments and a flag saying whose memory they are in. The
// copies in and out go through vm/user_copy.hh for user memory, so a bad address is
// EFAULT, never a kernel fault.
#pragma once

#include "lib/result.hh"
#include "lib/types.hh"

namespace vfs {

/// One piece of a buffer: struct iovec's layout.
struct IoSeg {
    u64 base = 0;
    u64 len = 0;
};

/// The segments of one transfer, all checked already (access_ok) when in user memory.
class IoBuf {
public:
    IoBuf(const IoSeg* segs, int count, bool kernel);
    /// One kernel range (@p seg is storage for its segment and must outlive the IoBuf).
    static IoBuf kernel_range(IoSeg& seg, void* p, usize n);

    /// The total length of the segments.
    u64 size() const { return total_; }
    /// Copies @p n bytes from @p src into the buffer at byte @p offset (a read). EFAULT.
    Result<void> fill(u64 offset, const void* src, usize n) const;
    /// Copies @p n bytes at byte @p offset of the buffer to @p dst (a write). EFAULT.
    Result<void> drain(void* dst, u64 offset, usize n) const;
    int count() const { return count_; }
    const IoSeg& segment(int i) const { return segs_[i]; }
    bool is_kernel() const { return kernel_; }

private:
    Result<void> transfer(u64 offset, void* k, usize n, bool into_buffer) const;
    const IoSeg* segs_;
    int count_;
    bool kernel_;
    u64 total_ = 0;
};

}  // namespace vfs
