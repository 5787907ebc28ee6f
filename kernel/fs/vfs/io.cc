// kernel/fs/vfs/io.cc — copies in and out of an IoBuf (io.hh).
#include "fs/vfs/io.hh"

#include "lib/string.hh"
#include "vm/user_copy.hh"

namespace vfs {

IoBuf::IoBuf(const IoSeg* segs, int count, bool kernel)
    : segs_(segs), count_(count), kernel_(kernel) {
    for (int i = 0; i < count; ++i) total_ += segs[i].len;
}

IoBuf IoBuf::kernel_range(IoSeg& seg, void* p, usize n) {
    seg = IoSeg{reinterpret_cast<u64>(p), n};
    return IoBuf(&seg, 1, true);
}

// Walks the segments to byte @p offset and copies @p n bytes between them and @p k:
// into the buffer when @p into_buffer (a read), out of it otherwise (a write).
Result<void> IoBuf::transfer(u64 offset, void* k, usize n, bool into_buffer) const {
    u8* p = static_cast<u8*>(k);
    for (int i = 0; i < count_ && n; ++i) {
        if (offset >= segs_[i].len) {
            offset -= segs_[i].len;
            continue;
        }
        usize step = segs_[i].len - offset < n ? usize(segs_[i].len - offset) : n;
        u64 at = segs_[i].base + offset;
        if (kernel_ && into_buffer) memcpy(reinterpret_cast<void*>(at), p, step);
        else if (kernel_) memcpy(p, reinterpret_cast<const void*>(at), step);
        else if (into_buffer) TRY(vm::copy_to_user(at, p, step));
        else TRY(vm::copy_from_user(p, at, step));
        p += step;
        n -= step;
        offset = 0;
    }
    if (n) return Error(EFAULT);
    return {};
}

Result<void> IoBuf::fill(u64 offset, const void* src, usize n) const {
    return transfer(offset, const_cast<void*>(src), n, true);
}

Result<void> IoBuf::drain(void* dst, u64 offset, usize n) const {
    return transfer(offset, dst, n, false);
}

}  // namespace vfs
