// tests/unit/host/vfs_sandbox.hh — a name space for host tests of the VFS and tmpfs.
//
// A tmpfs root mounted as the root mount, an FsContext whose root and cwd are it, and
// helpers that do what the system calls do (open, read, write, mkdir, unlink, rename...)
// through the same VFS functions, so tests can speak in paths and errnos.
#pragma once

#include <string>
#include <vector>

#include "fs/vfs/fs_context.hh"
#include "fs/vfs/open.hh"

namespace sandbox {

/// Makes the root tmpfs and the context (once per test process: mounts are global).
vfs::FsContext& context();
/// Mounts a new tmpfs on the directory @p path; 0 or an errno.
int mount_tmpfs(const char* path);

/// The errno of a call, or 0 on success.
template <typename T>
int errno_of(const Result<T>& r) {
    return r.is_error() ? r.error() : 0;
}

/// open_file(2) without descriptors: the File (put it with vfs::file_put) or an errno.
Result<vfs::File*> open_file(const std::string& path, u32 flags, u32 mode = 0644);
/// Writes @p data at @p off (creating the file): 0 or an errno.
int write_at(const std::string& path, u64 off, const std::string& data);
/// The whole contents of a file, or an errno.
int read_all(const std::string& path, std::string& out);
int mkdir(const std::string& path, u32 mode = 0755);
int rmdir(const std::string& path);
int unlink(const std::string& path);
int link(const std::string& old_path, const std::string& new_path);
int symlink(const std::string& target, const std::string& path);
int rename(const std::string& old_path, const std::string& new_path, u32 flags = 0);
int truncate(const std::string& path, u64 size);
/// The inode a path names (following links when @p follow), or an errno.
Result<vfs::Inode*> inode_at(const std::string& path, bool follow = true);
/// getdents64 over a directory in buffers of @p buf_size bytes: the names (with "."
/// and ".."), or an errno; @p between runs after each call.
int list(const std::string& path, std::vector<std::string>& names, usize buf_size = 4096,
         void (*between)(int call) = nullptr);
int chdir(const std::string& path);
std::string getcwd();

}  // namespace sandbox
