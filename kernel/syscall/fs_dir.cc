// kernel/syscall/fs_dir.cc — directories and the process's place: getdents64, chdir,
// fchdir, getcwd, chroot, umask.
#include "mm/heap.hh"
#include "syscall/file_util.hh"
#include "syscall/handlers.hh"

namespace syscalls {
namespace {

// Sets the cwd (or the root) of the caller to the directory @p p (a reference moves in).
void set_place(vfs::Path p, bool root) {
    vfs::FsContext& fs = fs_context();
    SpinLockGuard g(vfs::tree_lock());
    vfs::Path& slot = root ? fs.root : fs.cwd;
    vfs::path_put(slot);
    slot = p;
}

}  // namespace

Result<u64> sys_getdents64(int fd, vm::UserPtr<u8> dirp, u32 count) {
    FileRef f = TRY(usable_file_at(fd));
    if (!f->ops->getdents) return Error(ENOTDIR);
    if (!vm::access_ok(dirp.address(), count)) return Error(EFAULT);
    vfs::IoSeg seg{dirp.address(), count};
    return f->ops->getdents(*f, vfs::IoBuf(&seg, 1, false));
}

Result<u64> sys_chdir(vm::UserPtr<const char> path) {
    vm::UserPath copy;
    StrView name = TRY(copy.load(path));
    At at;
    TRY(at.init(vfs::AT_FDCWD, name));
    vfs::Path p = TRY(lookup(at, name, vfs::WALK_FOLLOW | vfs::WALK_DIRECTORY));
    vfs::Cred cred = fs_cred();
    if (auto ok = vfs::permission(*p.dentry->inode, vfs::MAY_EXEC, &cred); ok.is_error()) {
        PathRef drop(p);
        return Error(ok.error());
    }
    set_place(p, false);
    return 0;
}

Result<u64> sys_fchdir(int fd) {
    FileRef f = TRY(file_at(fd));
    if (f->path.empty() || !vfs::is_dir(f->inode->mode)) return Error(ENOTDIR);
    vfs::Cred cred = fs_cred();
    TRY(vfs::permission(*f->inode, vfs::MAY_EXEC, &cred));
    vfs::Path p;
    {
        SpinLockGuard g(vfs::tree_lock());
        p = vfs::path_get(f->path);
    }
    set_place(p, false);
    return 0;
}

Result<u64> sys_chroot(vm::UserPtr<const char> path) {
    vm::UserPath copy;
    StrView name = TRY(copy.load(path));
    At at;
    TRY(at.init(vfs::AT_FDCWD, name));
    vfs::Path p = TRY(lookup(at, name, vfs::WALK_FOLLOW | vfs::WALK_DIRECTORY));
    vfs::Cred cred = fs_cred();
    auto ok = vfs::permission(*p.dentry->inode, vfs::MAY_EXEC, &cred);
    if (!ok.is_error() && !proc::current()->cred.capable(proc::CAP_SYS_CHROOT)) ok = Error(EPERM);
    if (ok.is_error()) {
        PathRef drop(p);
        return Error(ok.error());
    }
    set_place(p, true);
    return 0;
}

Result<u64> sys_getcwd(vm::UserPtr<char> buf, usize size) {
    constexpr usize MAX = 4096;
    char* k = static_cast<char*>(TRY(mm::kmalloc(MAX)));
    usize len = 0;
    int error = 0;
    {
        vfs::FsContext& fs = fs_context();
        SpinLockGuard g(vfs::tree_lock());
        auto r = vfs::path_name(fs.root, fs.cwd, k, MAX);
        if (r.is_error()) error = r.error();
        else len = r.value();
    }
    if (!error && len > size) error = ERANGE;
    if (!error && vm::copy_n_to_user(buf, k, len).is_error()) error = EFAULT;
    mm::kfree(k);
    if (error) return Error(error);
    return len;
}

Result<u64> sys_umask(u32 mask) { return fs_context().umask.exchange(mask & 0777); }

}  // namespace syscalls
