// kernel/fs/vfs/namei.hh — the path walk: from a string to a Path.
//
// A walk starts at the root (an absolute path) or at a start directory (the working
// directory, or the directory of a dirfd), and takes one component at a time:
//   "."   stays;
//   ".."  goes to the parent, but never above the walk's root (a chroot), and from the
//         root of a mounted file system first back to its mountpoint;
//   name  looks the child up in the dentry cache, then goes through any mount on it,
//         then, if it is a symbolic link and not the last component (or the last one
//         and FOLLOW asks), walks the link's target from the link's directory.
// At most MAX_SYMLINKS (40) links are followed in one walk, then ELOOP; a component
// longer than NAME_MAX is ENAMETOOLONG; a component below a non-directory is ENOTDIR.
// A trailing slash makes the last component a directory (following a link there).
// Every function runs under vfs::tree_lock().
#pragma once

#include "fs/vfs/mount.hh"
#include "fs/vfs/permission.hh"

namespace vfs {

enum WalkFlags : u32 {
    WALK_FOLLOW = 1,     ///< follow a symbolic link in the last component
    WALK_DIRECTORY = 2,  ///< the result must be a directory (ENOTDIR)
};

/// Where a walk starts and what "/" means for it.
struct WalkStart {
    Path root;  ///< the caller's root directory
    Path cwd;   ///< the directory a relative path starts at
    /// Who walks: each directory passed needs search (execute) permission for it
    /// (EACCES); null for the kernel's own walks.
    const Cred* cred = nullptr;
};

/// The Path @p path names, with a reference. ENOENT, ENOTDIR, ELOOP, ENAMETOOLONG, EACCES.
Result<Path> walk(const WalkStart& start, StrView path, u32 flags);

/// The parent directory of the last component and the component itself (create,
/// unlink, rename). `last` points into @p path; it is "" for "/", "." or ".." when
/// the path ends so (the callers refuse those with their own errno).
struct Parent {
    Path dir;  ///< with a reference
    StrView last;
    bool trailing_slash = false;
};
Result<Parent> walk_parent(const WalkStart& start, StrView path);

/// Follows mounts on top of @p p (which holds a reference; so does the result).
void follow_mounts(Path& p);

/// Writes the absolute path of @p p as seen from @p root into @p buf (getcwd): its
/// length with the NUL. ERANGE when it does not fit, ENOENT for an unlinked directory.
Result<usize> path_name(const Path& root, const Path& p, char* buf, usize size);

}  // namespace vfs
