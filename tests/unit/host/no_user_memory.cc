// tests/unit/host/no_user_memory.cc — vm::copy_to_user and copy_from_user for host tests of
// code that only ever copies kernel buffers (the VFS's IoBuf): any user copy is EFAULT.
#include "vm/user_copy.hh"

namespace vm {

Result<void> copy_from_user(void*, uptr, usize) { return Error(EFAULT); }
Result<void> copy_to_user(uptr, const void*, usize) { return Error(EFAULT); }

}  // namespace vm
