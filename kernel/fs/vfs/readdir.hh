// kernel/fs/vfs/readdir.hh — getdents64 over a directory of the dentry cache.
//
// The listing is ".", "..", then the children in creation order. The offset (f.pos,
// d_off) is a cookie: 0 before ".", 1 before "..", then each child's cookie plus one
// after it. A child created during a listing gets a cookie above every existing one,
// a deleted child just vanishes: no survivor is skipped or repeated.
#pragma once

#include "fs/vfs/file.hh"

namespace vfs {

/// linux_dirent64's d_type for inode type @p mode.
u8 dirent_type(u32 mode);
/// FileOps::getdents for in-memory directories. EINVAL when the first record does not
/// fit, EFAULT, ENOENT for a directory that was removed (Linux returns 0: so do we).
Result<u64> dcache_getdents(File& f, const IoBuf& buf);

}  // namespace vfs
