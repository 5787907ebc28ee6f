// kernel/vm/user_path.hh — a path name copied in from user memory, whole, on the heap.
//
// A system call that takes a path copies the string before it looks at it. Linux
// accepts any path of up to PATH_MAX bytes with its NUL (4096), so the copy lives on the
// heap rather than on the small kernel stack; longer is ENAMETOOLONG, a string that runs
// into unmapped memory or out of user space is EFAULT.
#pragma once

#include "lib/result.hh"
#include "lib/strview.hh"
#include "lib/types.hh"
#include "vm/user_copy.hh"

namespace vm {

/// The longest path a system call accepts, its NUL included (Linux's PATH_MAX).
constexpr usize PATH_MAX = 4096;

/// Owns the copy of one user path; freed with the object.
class UserPath {
public:
    UserPath() = default;
    UserPath(const UserPath&) = delete;
    UserPath& operator=(const UserPath&) = delete;
    ~UserPath();

    /// Copies the NUL-terminated string at @p user_src: a view of it (without the NUL),
    /// valid while this object lives. ENAMETOOLONG when it does not fit in PATH_MAX,
    /// EFAULT for an address outside user space or an unmapped byte before the NUL,
    /// ENOMEM when the heap is out of memory.
    Result<StrView> load(UserPtr<const char> user_src);

private:
    char* buf_ = nullptr;
};

}  // namespace vm
