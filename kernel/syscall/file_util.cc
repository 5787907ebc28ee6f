// kernel/syscall/file_util.cc — descriptors, dirfds and paths for the file calls (file_util.hh).
#include "syscall/file_util.hh"

namespace syscalls {

Result<FileRef> file_at(int fd) {
    proc::Task* me = proc::current();
    if (!me->files) return Error(EBADF);
    return FileRef(TRY(me->files->get(fd)));
}

Result<FileRef> usable_file_at(int fd) {
    FileRef f = TRY(file_at(fd));
    if (f->flags & vfs::O_PATH) return Error(EBADF);
    return f;
}

fs::FdTable& fd_table() { return *proc::current()->files; }
vfs::FsContext& fs_context() { return *proc::current()->fs; }

u64 fd_limit() { return proc::current()->rlimits[7].cur; }  // RLIMIT_NOFILE

Result<u64> install_fd(FileRef f, bool cloexec) {
    proc::Task* me = proc::current();
    if (!me->files) return Error(EMFILE);
    int fd = TRY(me->files->install(f.get(), cloexec, 0, fd_limit()));
    f.release();
    return u64(fd);
}

vfs::Creator creator() {
    const proc::Credentials& c = proc::current()->cred;
    return vfs::Creator{c.fsuid, c.fsgid};
}

vfs::Cred fs_cred() {
    const proc::Credentials& c = proc::current()->cred;
    return vfs::Cred{c.fsuid, c.fsgid, c.group_ids(), c.group_count(), c.cap_effective};
}

vfs::Cred real_cred() {
    const proc::Credentials& c = proc::current()->cred;
    u64 caps = c.uid == 0 ? c.cap_permitted : 0;
    return vfs::Cred{c.uid, c.gid, c.group_ids(), c.group_count(), caps};
}

Result<void> At::init(int dirfd, StrView path) {
    if (!proc::current()->fs) return Error(ENOENT);
    if (dirfd == vfs::AT_FDCWD || (!path.empty() && path[0] == '/')) return {};
    dir_ = TRY(file_at(dirfd));
    // A file without a place (a pipe) has no directory to start at; with "" it names
    // itself (AT_EMPTY_PATH: Target).
    if (dir_->path.empty() && !path.empty()) return Error(ENOTDIR);
    if (!path.empty() && !vfs::is_dir(dir_->inode->mode)) return Error(ENOTDIR);
    return {};
}

Result<vfs::Path> lookup(const At& at, StrView path, u32 walk_flags) {
    SpinLockGuard g(vfs::tree_lock());
    return vfs::walk(at.origin().start(), path, walk_flags);
}

PathRef::~PathRef() { reset(vfs::Path{}); }

void PathRef::reset(vfs::Path p) {
    if (!p_.empty()) {
        SpinLockGuard g(vfs::tree_lock());
        vfs::path_put(p_);
    }
    p_ = p;
}

Result<void> Target::find(int dirfd, vm::UserPtr<const char> user, u32 at_flags) {
    return find(dirfd, user, at_flags, fs_cred());
}

Result<void> Target::find(int dirfd, vm::UserPtr<const char> user, u32 at_flags,
                          const vfs::Cred& cred) {
    at_.set_cred(cred);
    StrView name;
    if (!user.is_null()) name = TRY(copy_.load(user));
    if (name.empty() && !(at_flags & vfs::AT_EMPTY_PATH) && !user.is_null()) return Error(ENOENT);
    TRY(at_.init(dirfd, name));
    if (name.empty()) {
        if (vfs::File* f = at_.dir_file()) {
            inode_ = f->inode;
            SpinLockGuard g(vfs::tree_lock());
            path_.reset(vfs::path_get(f->path));
            return {};
        }
        vfs::Path cwd;
        {
            SpinLockGuard g(vfs::tree_lock());
            cwd = vfs::path_get(fs_context().cwd);
        }
        path_.reset(cwd);
        inode_ = cwd.dentry->inode;
        return {};
    }
    u32 flags = (at_flags & vfs::AT_SYMLINK_NOFOLLOW) ? 0u : u32(vfs::WALK_FOLLOW);
    path_.reset(TRY(lookup(at_, name, flags)));
    inode_ = path_->dentry->inode;
    return {};
}

}  // namespace syscalls
