// kernel/vm/user_copy.hh — the only door to user memory: fault-safe copies and UserPtr<T>.
//
// No kernel code dereferences a user address except through these functions. They
// check the range lies in user space (EFAULT otherwise), open SMAP access (stac/clac)
// only around the copy, and recover from a fault through the exception table: a
// fault the address space cannot resolve makes the copy return EFAULT, never a panic.
#pragma once

#include "lib/result.hh"
#include "lib/types.hh"

namespace vm {

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

/// An address the user gave us; never dereferenced, only copied through.
template <typename T>
class UserPtr {
public:
    constexpr UserPtr() = default;
    constexpr explicit UserPtr(uptr address) : address_(address) {}
    uptr address() const { return address_; }
    bool is_null() const { return address_ == 0; }

    Result<T> read() const {
        T value;
        TRY(copy_from_user(&value, address_, sizeof(T)));
        return value;
    }
    Result<void> write(const T& value) const { return copy_to_user(address_, &value, sizeof(T)); }
    UserPtr operator+(usize n) const { return UserPtr(address_ + n * sizeof(T)); }

private:
    uptr address_ = 0;
};

}  // namespace vm
