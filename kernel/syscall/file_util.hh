// kernel/syscall/file_util.hh — what the file system calls share: descriptors to Files,
// dirfds to walk origins, user paths, and Linux's layouts they exchange.
#pragma once

#include "fs/fd_table.hh"
#include "fs/vfs/fs_context.hh"
#include "fs/vfs/namespace.hh"
#include "proc/task.hh"
#include "vm/user_path.hh"

namespace syscalls {

/// One reference to a File, dropped with the object.
class FileRef {
public:
    FileRef() = default;
    explicit FileRef(vfs::File* f) : f_(f) {}
    FileRef(FileRef&& o) : f_(o.f_) { o.f_ = nullptr; }
    FileRef(const FileRef&) = delete;
    FileRef& operator=(const FileRef&) = delete;
    FileRef& operator=(FileRef&& o) {
        if (this != &o) {
            if (f_) vfs::file_put(f_);
            f_ = o.f_;
            o.f_ = nullptr;
        }
        return *this;
    }
    ~FileRef() {
        if (f_) vfs::file_put(f_);
    }
    vfs::File* operator->() const { return f_; }
    vfs::File& operator*() const { return *f_; }
    vfs::File* get() const { return f_; }
    /// Gives the reference away (to a descriptor table).
    vfs::File* release() {
        vfs::File* f = f_;
        f_ = nullptr;
        return f;
    }

private:
    vfs::File* f_ = nullptr;
};

/// The calling task's File at @p fd. EBADF (also for a task without a table).
Result<FileRef> file_at(int fd);
/// The same, refusing O_PATH descriptors (EBADF), as every call that uses the file does.
Result<FileRef> usable_file_at(int fd);
/// The calling task's descriptor table and file-system context (never null in a process).
fs::FdTable& fd_table();
vfs::FsContext& fs_context();
/// RLIMIT_NOFILE's soft limit: the first descriptor number not allowed.
u64 fd_limit();
/// Installs @p f at the lowest free descriptor (EMFILE: then the File is dropped).
Result<u64> install_fd(FileRef f, bool cloexec);
/// The owner of files the caller creates.
vfs::Creator creator();
/// The caller as permission checks see it: its fs ids, groups and effective
/// capabilities. Points into the task's credentials: valid for the system call.
vfs::Cred fs_cred();
/// The same for access(2) and faccessat without AT_EACCESS: the real ids, and root's
/// capabilities only when the real uid is 0 (Linux's access_override_creds).
vfs::Cred real_cred();

/// Where a *at call's path starts: AT_FDCWD, or the directory open at @p dirfd (its
/// File is kept here while the walk runs). An absolute path ignores the dirfd.
class At {
public:
    /// EBADF for a bad dirfd, ENOTDIR when it is not a directory (for a relative path).
    /// With "" any file will do (AT_EMPTY_PATH's callers check what they need).
    Result<void> init(int dirfd, StrView path);
    /// Walks check search permission for @p cred (fs_cred() unless set).
    void set_cred(const vfs::Cred& cred) { cred_ = cred; }
    vfs::Origin origin() const {
        return vfs::Origin{&fs_context(), dir_.get() ? &dir_->path : nullptr, &cred_};
    }
    /// The dirfd's File (for AT_EMPTY_PATH), or null for AT_FDCWD.
    vfs::File* dir_file() const { return dir_.get(); }

private:
    FileRef dir_;
    vfs::Cred cred_ = fs_cred();
};

/// Walks @p path from @p at (VFS lock taken inside). A Path with a reference: the
/// caller puts it under the VFS lock (PathRef does).
Result<vfs::Path> lookup(const At& at, StrView path, u32 walk_flags);

/// A path with a reference, dropped with the object (takes the VFS lock).
class PathRef {
public:
    PathRef() = default;
    explicit PathRef(vfs::Path p) : p_(p) {}
    /// Drops what it held and holds @p p instead.
    void reset(vfs::Path p);
    PathRef(const PathRef&) = delete;
    PathRef& operator=(const PathRef&) = delete;
    ~PathRef();
    const vfs::Path& operator*() const { return p_; }
    const vfs::Path* operator->() const { return &p_; }

private:
    vfs::Path p_;
};

/// The file a (dirfd, path, AT_* flags) triple names, kept alive while the object
/// lives: AT_EMPTY_PATH with "" names the dirfd's own file (a pipe too), AT_FDCWD's
/// the working directory; AT_SYMLINK_NOFOLLOW leaves a last link unfollowed.
class Target {
public:
    /// A null @p user path counts as "" (utimensat's). EBADF, ENOENT, ENOTDIR, ELOOP,
    /// ENAMETOOLONG, EFAULT, EACCES (search permission, checked for @p cred).
    Result<void> find(int dirfd, vm::UserPtr<const char> user, u32 at_flags);
    Result<void> find(int dirfd, vm::UserPtr<const char> user, u32 at_flags, const vfs::Cred& cred);
    vfs::Inode& inode() const { return *inode_; }
    /// Where it was found (empty for a pipe).
    const vfs::Path& path() const { return *path_; }

private:
    vm::UserPath copy_;
    At at_;
    PathRef path_;
    vfs::Inode* inode_ = nullptr;
};

}  // namespace syscalls
