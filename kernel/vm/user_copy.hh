// kernel/vm/user_copy.hh — the only door to user memory: fault-safe copies and UserPtr<T>.
//
// No kernel code dereferences a user address except through these functions. They
// check the range lies in user space (EFAULT otherwise), open SMAP access (stac/clac)
// only around the copy, and recover from a fault through the exception table: a
// fault the address space cannot resolve makes the copy return EFAULT, never a panic.
#pragma once

#include <type_traits>

#include "lib/result.hh"
#include "lib/types.hh"

namespace vm {

/// The first address past user space (the lower half of the canonical addresses).
constexpr uptr USER_TOP = 0x0000800000000000ull;

/// Whether [address, address + n) lies wholly in user space (Linux's access_ok): what a
/// system call checks up front, before it blocks or transfers anything. A length that
/// wraps the address space or reaches past the lower half fails, even for n == 0 at a
/// kernel address; the copies below still catch unmapped pages inside the range.
bool access_ok(uptr address, usize n);

Result<void> copy_from_user(void* dst, uptr user_src, usize n);
Result<void> copy_to_user(uptr user_dst, const void* src, usize n);
/// Copies a NUL-terminated string of at most @p max bytes (terminator included);
/// returns its length. ENAMETOOLONG (or E2BIG, caller's choice) when it does not fit.
Result<usize> copy_string_from_user(char* dst, uptr user_src, usize max);
Result<void> clear_user(uptr user_dst, usize n);

template <typename T>
class UserPtr;
/// copy_string_from_user for a typed pointer (what the handlers hold).
Result<usize> copy_string_from_user(char* dst, UserPtr<const char> user_src, usize max);

/// An address the user gave us; never dereferenced, only copied through. Arithmetic that
/// would wrap gives an address past user space, so the copies refuse it (EFAULT).
template <typename T>
class UserPtr {
public:
    constexpr UserPtr() = default;
    constexpr explicit UserPtr(uptr address) : address_(address) {}
    uptr address() const { return address_; }
    bool is_null() const { return address_ == 0; }

    Result<std::remove_const_t<T>> read() const {
        std::remove_const_t<T> value;
        TRY(copy_from_user(&value, address_, sizeof(T)));
        return value;
    }
    Result<void> write(const T& value) const { return copy_to_user(address_, &value, sizeof(T)); }
    /// The @p n-th element after this one; an offset that overflows gives ~0 (never user).
    UserPtr operator+(usize n) const {
        usize bytes;
        uptr sum;
        if (__builtin_mul_overflow(n, sizeof(T), &bytes) ||
            __builtin_add_overflow(address_, bytes, &sum))
            return UserPtr(~uptr(0));
        return UserPtr(sum);
    }

private:
    uptr address_ = 0;
};

/// An untyped user address: a value that names a place in the caller's address space
/// without a type the kernel reads there (a mapping's start, a stack, a TLS base, a
/// pointer kept for later such as set_tid_address's), or whose type depends on another
/// argument (ioctl's, arch_prctl's). as<T>() gives the typed pointer once the type is known.
class UserAddr {
public:
    constexpr UserAddr() = default;
    constexpr explicit UserAddr(uptr address) : address_(address) {}
    uptr address() const { return address_; }
    bool is_null() const { return address_ == 0; }
    template <typename T>
    UserPtr<T> as() const {
        return UserPtr<T>(address_);
    }

private:
    uptr address_ = 0;
};

/// Copies @p n elements from the user array at @p src. EFAULT when n * sizeof(T)
/// overflows, when the range leaves user space, or when a page of it cannot be read.
template <typename T>
Result<void> copy_n_from_user(std::remove_const_t<T>* dst, UserPtr<T> src, usize n) {
    usize bytes;
    if (__builtin_mul_overflow(n, sizeof(T), &bytes)) return Error(EFAULT);
    return copy_from_user(dst, src.address(), bytes);
}

/// Copies @p n elements to the user array at @p dst; EFAULT as copy_n_from_user.
template <typename T>
Result<void> copy_n_to_user(UserPtr<T> dst, const std::type_identity_t<T>* src, usize n) {
    usize bytes;
    if (__builtin_mul_overflow(n, sizeof(T), &bytes)) return Error(EFAULT);
    return copy_to_user(dst.address(), src, bytes);
}

/// A user byte range [start, start + size), made only by checked(): a range whose end
/// wraps or passes the end of user space is refused with EFAULT up front (access_ok),
/// before the system call blocks or transfers anything. Pieces of it are copied with
/// read()/write(), which the range bounds; the copies still catch unmapped pages.
class UserBuffer {
public:
    template <typename T>
    static Result<UserBuffer> checked(UserPtr<T> start, usize size) {
        static_assert(sizeof(T) == 1, "a byte range starts at a pointer to bytes");
        if (!access_ok(start.address(), size)) return Error(EFAULT);
        return UserBuffer(start.address(), size);
    }
    uptr address() const { return address_; }
    usize size() const { return size_; }

    /// Copies bytes [offset, offset + n) of the range into @p dst.
    Result<void> read(void* dst, usize offset, usize n) const {
        if (offset > size_ || n > size_ - offset) return Error(EFAULT);
        return copy_from_user(dst, address_ + offset, n);
    }
    /// Copies @p n bytes from @p src to [offset, offset + n) of the range.
    Result<void> write(usize offset, const void* src, usize n) const {
        if (offset > size_ || n > size_ - offset) return Error(EFAULT);
        return copy_to_user(address_ + offset, src, n);
    }

private:
    UserBuffer(uptr address, usize size) : address_(address), size_(size) {}
    uptr address_;
    usize size_;
};

inline Result<usize> copy_string_from_user(char* dst, UserPtr<const char> user_src, usize max) {
    return copy_string_from_user(dst, user_src.address(), max);
}

}  // namespace vm
