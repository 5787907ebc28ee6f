// kernel/syscall/fs_attr.cc — changing attributes: truncate, ftruncate, chmod, chown and
// their f/l/at forms, utimensat.
//
// Each checks what Linux's setattr_prepare checks: a read-only mount (EROFS), then
// ownership (chmod, explicit times: the owner or CAP_FOWNER; chown: CAP_CHOWN, or the
// owner giving the file to one of its groups), or write permission (truncate, times
// set to now).
#include "syscall/file_util.hh"
#include "syscall/handlers.hh"

namespace syscalls {
namespace {

constexpr i64 UTIME_NOW = (1l << 30) - 1, UTIME_OMIT = (1l << 30) - 2;

// @p p is where the inode was found (empty for a pipe or an anonymous file).
Result<u64> set_size(const vfs::Path& p, vfs::Inode& inode, i64 length, bool check) {
    if (length < 0) return Error(EINVAL);
    if (vfs::is_dir(inode.mode)) return Error(EISDIR);
    if (!vfs::is_reg(inode.mode)) return Error(EINVAL);
    if (check) {
        TRY(vfs::want_write(p));
        vfs::Cred cred = fs_cred();
        TRY(vfs::permission(inode, vfs::MAY_WRITE, &cred));
    }
    TRY(inode.sb->ops->setsize(inode, u64(length)));
    vfs::touch_modified(inode);
    return 0;
}

Result<u64> set_mode(const vfs::Path& p, vfs::Inode& inode, u32 mode) {
    TRY(vfs::want_write(p));
    vfs::Cred cred = fs_cred();
    if (!vfs::owner_or_capable(inode, &cred)) return Error(EPERM);
    mode &= vfs::MODE_BITS;
    if (!cred.in_group(inode.gid) && !cred.capable(vfs::CAP_FSETID)) mode &= ~vfs::S_ISGID;
    SpinLockGuard g(vfs::tree_lock());
    inode.mode = (inode.mode & vfs::S_IFMT) | mode;
    inode.ctime = vfs::now();
    return 0;
}

Result<u64> set_owner(const vfs::Path& p, vfs::Inode& inode, u32 uid, u32 gid) {
    TRY(vfs::want_write(p));
    vfs::Cred cred = fs_cred();
    bool cap = cred.capable(vfs::CAP_CHOWN);
    bool owner = cred.fsuid == inode.uid;
    if (uid != ~0u && uid != inode.uid && !cap) return Error(EPERM);
    if (uid != ~0u && uid == inode.uid && !owner && !cap) return Error(EPERM);
    if (gid != ~0u && !cap && (!owner || (gid != inode.gid && !cred.in_group(gid))))
        return Error(EPERM);
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
    return set_size(t.path(), t.inode(), len, true);
}

Result<u64> sys_ftruncate(int fd, i64 len) {
    if (len < 0) return Error(EINVAL);
    FileRef f = TRY(usable_file_at(fd));
    if (!f->inode || !vfs::is_reg(f->inode->mode) || !f->writable()) return Error(EINVAL);
    return set_size(f->path, *f->inode, len, false);
}

Result<u64> sys_fchmodat(int dirfd, vm::UserPtr<const char> path, u32 mode) {
    Target t;
    TRY(t.find(dirfd, path, 0));
    return set_mode(t.path(), t.inode(), mode);
}

Result<u64> sys_chmod(vm::UserPtr<const char> path, u32 mode) {
    return sys_fchmodat(vfs::AT_FDCWD, path, mode);
}

Result<u64> sys_fchmod(int fd, u32 mode) {
    FileRef f = TRY(usable_file_at(fd));
    return set_mode(f->path, *f->inode, mode);
}

Result<u64> sys_fchownat(int dirfd, vm::UserPtr<const char> path, u32 uid, u32 gid, u32 flags) {
    if (flags & ~(vfs::AT_SYMLINK_NOFOLLOW | vfs::AT_EMPTY_PATH)) return Error(EINVAL);
    Target t;
    TRY(t.find(dirfd, path, flags));
    return set_owner(t.path(), t.inode(), uid, gid);
}

Result<u64> sys_chown(vm::UserPtr<const char> path, u32 uid, u32 gid) {
    return sys_fchownat(vfs::AT_FDCWD, path, uid, gid, 0);
}

Result<u64> sys_lchown(vm::UserPtr<const char> path, u32 uid, u32 gid) {
    return sys_fchownat(vfs::AT_FDCWD, path, uid, gid, vfs::AT_SYMLINK_NOFOLLOW);
}

Result<u64> sys_fchown(int fd, u32 uid, u32 gid) {
    FileRef f = TRY(usable_file_at(fd));
    return set_owner(f->path, *f->inode, uid, gid);
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
    if (t[0].nsec == UTIME_OMIT && t[1].nsec == UTIME_OMIT) return 0;
    TRY(vfs::want_write(target.path()));
    vfs::Cred cred = fs_cred();
    if (!vfs::owner_or_capable(inode, &cred)) {
        bool explicit_time = (t[0].nsec != UTIME_NOW && t[0].nsec != UTIME_OMIT) ||
                             (t[1].nsec != UTIME_NOW && t[1].nsec != UTIME_OMIT);
        if (explicit_time) return Error(EPERM);
        TRY(vfs::permission(inode, vfs::MAY_WRITE, &cred));
    }
    SpinLockGuard g(vfs::tree_lock());
    if (t[0].nsec != UTIME_OMIT) inode.atime = t[0].nsec == UTIME_NOW ? now : t[0];
    if (t[1].nsec != UTIME_OMIT) inode.mtime = t[1].nsec == UTIME_NOW ? now : t[1];
    if (t[0].nsec != UTIME_OMIT || t[1].nsec != UTIME_OMIT) inode.ctime = now;
    return 0;
}

}  // namespace syscalls
