// kernel/vm/user_path.cc — a path name copied in from user memory (see user_path.hh).
#include "vm/user_path.hh"

#include "mm/heap.hh"
#include "vm/user_copy.hh"

namespace vm {

UserPath::~UserPath() { mm::kfree(buf_); }

Result<StrView> UserPath::load(UserPtr<const char> user_src) {
    if (!buf_) buf_ = static_cast<char*>(TRY(mm::kmalloc(PATH_MAX)));
    auto len = copy_string_from_user(buf_, user_src, PATH_MAX);
    if (len.is_error()) return Error(len.error() == E2BIG ? ENAMETOOLONG : len.error());
    return StrView(buf_, len.value());
}

}  // namespace vm
