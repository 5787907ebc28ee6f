// kernel/fs/vfs/fs_context.hh — a process's place in the name space: root, cwd, umask.
//
// chdir, chroot and umask change it; fork copies it; clone(CLONE_FS) shares it (the
// count says how many tasks do). Root and cwd change under vfs::tree_lock().
#pragma once

#include <atomic>

#include "fs/vfs/namei.hh"

namespace vfs {

struct FsContext {
    std::atomic<u32> refs{1};
    Path root;  ///< with a reference
    Path cwd;   ///< with a reference
    std::atomic<u32> umask{022};
};

/// Where a system call's walk starts: the caller's context and, for a dirfd, the
/// directory of that descriptor (kept alive by the caller's reference to the File).
struct Origin {
    const FsContext* fs;
    const Path* dir = nullptr;
    const Cred* cred = nullptr;  ///< who walks (null: the kernel, no checks)
    /// Root and start directory (VFS lock held: chdir and chroot change them under it).
    WalkStart start() const { return WalkStart{fs->root, dir ? *dir : fs->cwd, cred}; }
};

/// A context with root and cwd @p root (the first process's). ENOMEM.
Result<FsContext*> fs_context_new(const Path& root);
/// Another reference to @p fs (clone with CLONE_FS).
FsContext* fs_context_share(FsContext* fs);
/// A copy of @p fs (fork, clone without CLONE_FS). ENOMEM.
Result<FsContext*> fs_context_copy(FsContext* fs);
/// Drops a reference (exit); the last one frees the context.
void fs_context_put(FsContext* fs);

}  // namespace vfs
