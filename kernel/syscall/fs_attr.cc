// kernel/syscall/fs_attr.cc — changing attributes: truncate, ftruncate, chmod, chown and
// their f/l/at forms, utimensat.
//
// Every process is root until credentials land ("Files, part 1" part 4), so the owner
// and mode changes are recorded without permission checks; the checks come with them.
#include "syscall/file_util.hh"
#include "syscall/handlers.hh"

namespace syscalls {
namespace {

constexpr i64 UTIME_NOW = (1l << 30) - 1, UTIME_OMIT = (1l << 30) - 2;

Result<u64> set_size(vfs::Inode& inode, i64 length) {
    if (length < 0) return Error(EINVAL);
    if (vfs::is_dir(inode.mode)) return Error(EISDIR);
    if (!vfs::is_reg(inode.mode)) return Error(EINVAL);
    TRY(inode.sb->ops->setsize(inode, u64(length)));
    vfs::touch_modified(inode);
    return 0;
}

Result<u64> set_mode(vfs::Inode& inode, u32 mode) {
    SpinLockGuard g(vfs::tree_lock());
    inode.mode = (inode.mode & vfs::S_IFMT) | (mode & vfs::MODE_BITS);
    inode.ctime = vfs::now();
    return 0;
}

Result<u64> set_owner(vfs::Inode& inode, u32 uid, u32 gid) {
    SpinLockGuard g(vfs::tree_lock());
    if (uid != ~0u) inode.uid = uid;
    if (gid != ~0u) inode.gid = gid;
    // A chown of a non-directory clears set-user-ID, and set-group-ID with group execute.
    if (!vfs::is_dir(inode.mode) && (uid != ~0u || gid != ~0u)) {
        inode.mode &= ~vfs::S_ISUID;
        if (inode.mode & 010) inode.mode &= ~vfs::S_ISGID;
    }
    inode.ctime = vfs::now();
    return 0;
}

}  // namespace

Result<u64> sys_truncate(vm::UserPtr<const char> path, i64 len) {
    Target t;
    TRY(t.find(vfs::AT_FDCWD, path, 0));
    return set_size(t.inode(), len);
}

Result<u64> sys_ftruncate(int fd, i64 len) {
    if (len < 0) return Error(EINVAL);
    FileRef f = TRY(usable_file_at(fd));
    if (!f->inode || !vfs::is_reg(f->inode->mode) || !f->writable()) return Error(EINVAL);
    return set_size(*f->inode, len);
}

Result<u64> sys_fchmodat(int dirfd, vm::UserPtr<const char> path, u32 mode) {
    Target t;
    TRY(t.find(dirfd, path, 0));
    return set_mode(t.inode(), mode);
}

Result<u64> sys_chmod(vm::UserPtr<const char> path, u32 mode) {
    return sys_fchmodat(vfs::AT_FDCWD, path, mode);
}

Result<u64> sys_fchmod(int fd, u32 mode) {
    FileRef f = TRY(usable_file_at(fd));
    return set_mode(*f->inode, mode);
}

Result<u64> sys_fchownat(int dirfd, vm::UserPtr<const char> path, u32 uid, u32 gid, u32 flags) {
    if (flags & ~(vfs::AT_SYMLINK_NOFOLLOW | vfs::AT_EMPTY_PATH)) return Error(EINVAL);
    Target t;
    TRY(t.find(dirfd, path, flags));
    return set_owner(t.inode(), uid, gid);
}

Result<u64> sys_chown(vm::UserPtr<const char> path, u32 uid, u32 gid) {
    return sys_fchownat(vfs::AT_FDCWD, path, uid, gid, 0);
}

Result<u64> sys_lchown(vm::UserPtr<const char> path, u32 uid, u32 gid) {
    return sys_fchownat(vfs::AT_FDCWD, path, uid, gid, vfs::AT_SYMLINK_NOFOLLOW);
}

Result<u64> sys_fchown(int fd, u32 uid, u32 gid) {
    FileRef f = TRY(usable_file_at(fd));
    return set_owner(*f->inode, uid, gid);
}

// A null path names the dirfd itself (Linux's utimensat extension that futimens uses).
Result<u64> sys_utimensat(int dirfd, vm::UserPtr<const char> path,
                          vm::UserPtr<const vfs::Timespec> times, u32 flags) {
    if (flags & ~(vfs::AT_SYMLINK_NOFOLLOW | vfs::AT_EMPTY_PATH)) return Error(EINVAL);
    vfs::Timespec t[2];
    vfs::Timespec now = vfs::now();
    if (times.is_null()) {
        t[0] = t[1] = vfs::Timespec{now.sec, UTIME_NOW};
    } else {
        TRY(vm::copy_n_from_user(t, times, 2));
        for (const vfs::Timespec& x : t)
            if ((x.nsec < 0 || x.nsec > 999999999) && x.nsec != UTIME_NOW && x.nsec != UTIME_OMIT)
                return Error(EINVAL);
    }
    if (path.is_null() && dirfd == vfs::AT_FDCWD) return Error(EFAULT);
    Target target;
    TRY(target.find(dirfd, path, flags));
    vfs::Inode& inode = target.inode();
    SpinLockGuard g(vfs::tree_lock());
    if (t[0].nsec != UTIME_OMIT) inode.atime = t[0].nsec == UTIME_NOW ? now : t[0];
    if (t[1].nsec != UTIME_OMIT) inode.mtime = t[1].nsec == UTIME_NOW ? now : t[1];
    if (t[0].nsec != UTIME_OMIT || t[1].nsec != UTIME_OMIT) inode.ctime = now;
    return 0;
}

}  // namespace syscalls
