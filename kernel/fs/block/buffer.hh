// kernel/fs/block/buffer.hh — an owned, heap-allocated run of bytes (a block, a bitmap, a table).
//
//   fs::Buffer b = TRY(fs::Buffer::zeroed(block_size));   // ENOMEM
//   b.data()[0] = 1;                                      // freed when b goes out of scope
//
// Move-only; an empty Buffer (size 0) owns nothing.
#pragma once

#include <utility>

#include "lib/result.hh"
#include "lib/types.hh"
#include "mm/heap.hh"

namespace fs {

class Buffer {
public:
    Buffer() = default;
    Buffer(Buffer&& o) : data_(std::exchange(o.data_, nullptr)), size_(std::exchange(o.size_, 0)) {}
    Buffer& operator=(Buffer&& o) {
        if (this != &o) {
            mm::kfree(data_);
            data_ = std::exchange(o.data_, nullptr);
            size_ = std::exchange(o.size_, 0);
        }
        return *this;
    }
    Buffer(const Buffer&) = delete;
    Buffer& operator=(const Buffer&) = delete;
    ~Buffer() { mm::kfree(data_); }

    /// @p size zeroed bytes.
    static Result<Buffer> zeroed(usize size) {
        Buffer b;
        b.data_ = static_cast<u8*>(TRY(mm::kzalloc(size ? size : 1)));
        b.size_ = size;
        return b;
    }
    /// A copy of @p size bytes at @p src.
    static Result<Buffer> copy_of(const void* src, usize size) {
        Buffer b = TRY(zeroed(size));
        __builtin_memcpy(b.data_, src, size);
        return b;
    }

    u8* data() { return data_; }
    const u8* data() const { return data_; }
    usize size() const { return size_; }

private:
    u8* data_ = nullptr;
    usize size_ = 0;
};

}  // namespace fs
