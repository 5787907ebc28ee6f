// kernel/syscall/fs_namei.cc — the calls that name files: open, creat, mkdir, mknod,
// unlink, rmdir, link, symlink, rename, readlink, with their *at forms.
//
// Each copies its paths in, walks to the parent directory of the last component, and
// changes the tree there under the VFS lock (fs/vfs/namespace.hh does the checks that
// are the file system's). The last component "", "." or ".." gets the errno Linux
// gives each call for it.
#include "fs/vfs/open.hh"
#include "syscall/file_util.hh"
#include "syscall/handlers.hh"

namespace syscalls {
namespace {

// fs.protected_hardlinks (on in Linux distributions): a hard link to someone else's
// file needs read and write access to it, and never to a set-id program.
Result<void> may_link(const vfs::Inode& inode, const vfs::Cred& cred) {
    if (vfs::owner_or_capable(inode, &cred)) return {};
    bool set_id = (inode.mode & vfs::S_ISUID) || ((inode.mode & 02010) == 02010);
    if (vfs::is_reg(inode.mode) && !set_id &&
        !vfs::permission(inode, vfs::MAY_READ | vfs::MAY_WRITE, &cred).is_error())
        return {};
    return Error(EPERM);
}

bool is_dots(StrView last) { return last.empty() || last == StrView(".") || last == StrView(".."); }

// Walks to the parent of @p user's last component from @p dirfd and runs @p fn(parent)
// under the VFS lock.
template <typename Fn>
Result<u64> at_parent(int dirfd, vm::UserPtr<const char> user, Fn fn) {
    vm::UserPath copy;
    StrView name = TRY(copy.load(user));
    At at;
    TRY(at.init(dirfd, name));
    SpinLockGuard g(vfs::tree_lock());
    vfs::Parent par = TRY(vfs::walk_parent(at.origin().start(), name));
    Result<u64> r = fn(par);
    vfs::path_put(par.dir);
    return r;
}

Result<u64> make_node(int dirfd, vm::UserPtr<const char> path, u32 mode, u64 dev) {
    u32 mask = fs_context().umask.load();
    vfs::Creator who = creator();
    vfs::Cred cred = fs_cred();
    return at_parent(dirfd, path, [&](vfs::Parent& par) -> Result<u64> {
        if (is_dots(par.last)) return Error(EEXIST);
        if (par.trailing_slash && !vfs::is_dir(mode)) {
            if (vfs::d_lookup(par.dir.dentry, par.last)) return Error(EEXIST);
            return Error(ENOENT);
        }
        u32 bits = vfs::is_dir(mode) ? (mode & 01777 & ~mask) : (mode & 07777 & ~mask);
        if (vfs::d_lookup(par.dir.dentry, par.last)) return Error(EEXIST);
        TRY(vfs::want_write(par.dir));
        TRY(vfs::may_create(*par.dir.dentry->inode, &cred));
        u32 type = mode & vfs::S_IFMT;
        if ((type == vfs::S_IFCHR || type == vfs::S_IFBLK) && !cred.capable(vfs::CAP_MKNOD))
            return Error(EPERM);
        // Without CAP_FSETID, set-group-ID needs membership of the file's group.
        u32 group =
            (par.dir.dentry->inode->mode & vfs::S_ISGID) ? par.dir.dentry->inode->gid : who.gid;
        if (!vfs::is_dir(mode) && (bits & vfs::S_ISGID) && !cred.in_group(group) &&
            !cred.capable(vfs::CAP_FSETID))
            bits &= ~vfs::S_ISGID;
        TRY(vfs::create(par.dir.dentry, par.last, (mode & vfs::S_IFMT) | bits, dev, who));
        return 0;
    });
}

// The child @p last of @p dir as unlink, rmdir and rename see it (no link followed).
Result<vfs::Dentry*> child(const vfs::Parent& par) {
    vfs::Dentry* d = vfs::d_lookup(par.dir.dentry, par.last);
    if (!d) return Error(ENOENT);
    if (par.trailing_slash && !vfs::is_dir(d->inode->mode)) return Error(ENOTDIR);
    return d;
}

// Permission to move @p d from @p op to @p nq (Linux's checks in vfs_rename): remove
// it from the old directory, remove the target or create in the new one, and write
// access to a directory that changes parent (its ".." changes).
Result<void> may_rename(const vfs::Parent& op, vfs::Dentry* d, const vfs::Parent& nq, u32 flags,
                        const vfs::Cred& cred) {
    vfs::Inode& old_dir = *op.dir.dentry->inode;
    vfs::Inode& new_dir = *nq.dir.dentry->inode;
    TRY(vfs::may_delete(old_dir, *d->inode, &cred));
    vfs::Dentry* target = vfs::d_lookup(nq.dir.dentry, nq.last);
    if (target) TRY(vfs::may_delete(new_dir, *target->inode, &cred));
    else TRY(vfs::may_create(new_dir, &cred));
    if (op.dir.dentry != nq.dir.dentry) {
        if (vfs::is_dir(d->inode->mode)) TRY(vfs::permission(*d->inode, vfs::MAY_WRITE, &cred));
        if (target && (flags & vfs::RENAME_EXCHANGE) && vfs::is_dir(target->inode->mode))
            TRY(vfs::permission(*target->inode, vfs::MAY_WRITE, &cred));
    }
    return {};
}

Result<u64> remove(int dirfd, vm::UserPtr<const char> path, bool dir) {
    vfs::Cred cred = fs_cred();
    return at_parent(dirfd, path, [&](vfs::Parent& par) -> Result<u64> {
        if (dir && par.last == StrView(".")) return Error(EINVAL);
        if (dir && par.last == StrView("..")) return Error(ENOTEMPTY);
        if (dir && par.last.empty()) return Error(EBUSY);
        if (is_dots(par.last)) return Error(EISDIR);
        TRY(vfs::want_write(par.dir));
        vfs::Dentry* d = TRY(child(par));
        TRY(vfs::may_delete(*par.dir.dentry->inode, *d->inode, &cred));
        if (dir) TRY(vfs::rmdir(d));
        else TRY(vfs::unlink(d));
        return 0;
    });
}

}  // namespace

Result<u64> sys_openat(int dirfd, vm::UserPtr<const char> path, u32 flags, u32 mode) {
    vm::UserPath copy;
    StrView name = TRY(copy.load(path));
    if (name.empty()) return Error(ENOENT);
    At at;
    TRY(at.init(dirfd, name));
    flags |= vfs::O_LARGEFILE;
    vfs::File* f =
        TRY(vfs::open_at(at.origin(), name, flags, mode, fs_context().umask.load(), creator()));
    return install_fd(FileRef(f), flags & vfs::O_CLOEXEC);
}

Result<u64> sys_open(vm::UserPtr<const char> path, u32 flags, u32 mode) {
    return sys_openat(vfs::AT_FDCWD, path, flags, mode);
}

Result<u64> sys_creat(vm::UserPtr<const char> path, u32 mode) {
    return sys_openat(vfs::AT_FDCWD, path, vfs::O_CREAT | vfs::O_WRONLY | vfs::O_TRUNC, mode);
}

Result<u64> sys_mkdirat(int dirfd, vm::UserPtr<const char> path, u32 mode) {
    return make_node(dirfd, path, vfs::S_IFDIR | (mode & 07777), 0);
}

Result<u64> sys_mkdir(vm::UserPtr<const char> path, u32 mode) {
    return sys_mkdirat(vfs::AT_FDCWD, path, mode);
}

Result<u64> sys_mknodat(int dirfd, vm::UserPtr<const char> path, u32 mode, u32 dev) {
    u32 type = mode & vfs::S_IFMT;
    if (type == 0) type = vfs::S_IFREG;
    if (type == vfs::S_IFDIR) return Error(EPERM);
    if (type != vfs::S_IFREG && type != vfs::S_IFIFO && type != vfs::S_IFCHR &&
        type != vfs::S_IFBLK && type != vfs::S_IFSOCK)
        return Error(EINVAL);
    u64 rdev = (type == vfs::S_IFCHR || type == vfs::S_IFBLK)
                   ? vfs::make_dev((dev >> 8) & 0xfff, (dev & 0xff) | ((dev >> 12) & 0xfff00))
                   : 0;
    return make_node(dirfd, path, type | (mode & 07777), rdev);
}

Result<u64> sys_mknod(vm::UserPtr<const char> path, u32 mode, u32 dev) {
    return sys_mknodat(vfs::AT_FDCWD, path, mode, dev);
}

Result<u64> sys_unlinkat(int dirfd, vm::UserPtr<const char> path, u32 flags) {
    if (flags & ~vfs::AT_REMOVEDIR) return Error(EINVAL);
    return remove(dirfd, path, flags & vfs::AT_REMOVEDIR);
}

Result<u64> sys_unlink(vm::UserPtr<const char> path) { return remove(vfs::AT_FDCWD, path, false); }

Result<u64> sys_rmdir(vm::UserPtr<const char> path) { return remove(vfs::AT_FDCWD, path, true); }

Result<u64> sys_symlinkat(vm::UserPtr<const char> target, int dirfd, vm::UserPtr<const char> path) {
    vm::UserPath copy;
    StrView to = TRY(copy.load(target));
    if (to.empty()) return Error(ENOENT);
    vfs::Creator who = creator();
    vfs::Cred cred = fs_cred();
    return at_parent(dirfd, path, [&](vfs::Parent& par) -> Result<u64> {
        if (is_dots(par.last)) return Error(EEXIST);
        if (par.trailing_slash) {
            if (vfs::d_lookup(par.dir.dentry, par.last)) return Error(EEXIST);
            return Error(ENOENT);
        }
        if (vfs::d_lookup(par.dir.dentry, par.last)) return Error(EEXIST);
        TRY(vfs::want_write(par.dir));
        TRY(vfs::may_create(*par.dir.dentry->inode, &cred));
        TRY(vfs::symlink(par.dir.dentry, par.last, to, who));
        return 0;
    });
}

Result<u64> sys_symlink(vm::UserPtr<const char> target, vm::UserPtr<const char> path) {
    return sys_symlinkat(target, vfs::AT_FDCWD, path);
}

Result<u64> sys_linkat(int old_dirfd, vm::UserPtr<const char> old_path, int new_dirfd,
                       vm::UserPtr<const char> new_path, u32 flags) {
    if (flags & ~(vfs::AT_SYMLINK_FOLLOW | vfs::AT_EMPTY_PATH)) return Error(EINVAL);
    Target old;
    u32 nofollow = (flags & vfs::AT_SYMLINK_FOLLOW) ? 0 : vfs::AT_SYMLINK_NOFOLLOW;
    TRY(old.find(old_dirfd, old_path, nofollow | (flags & vfs::AT_EMPTY_PATH)));
    if (old.path().empty()) return Error(ENOENT);  // a pipe has no name to link
    if (vfs::is_dir(old.inode().mode)) return Error(EPERM);
    vfs::Cred cred = fs_cred();
    return at_parent(new_dirfd, new_path, [&](vfs::Parent& par) -> Result<u64> {
        if (is_dots(par.last)) return Error(EEXIST);
        if (par.trailing_slash)
            return Error(vfs::d_lookup(par.dir.dentry, par.last) ? EEXIST : ENOENT);
        if (par.dir.mnt != old.path().mnt) return Error(EXDEV);
        if (vfs::d_lookup(par.dir.dentry, par.last)) return Error(EEXIST);
        TRY(vfs::want_write(par.dir));
        TRY(vfs::may_create(*par.dir.dentry->inode, &cred));
        TRY(may_link(old.inode(), cred));
        TRY(vfs::link(old.path().dentry, par.dir.dentry, par.last));
        return 0;
    });
}

Result<u64> sys_link(vm::UserPtr<const char> old_path, vm::UserPtr<const char> new_path) {
    return sys_linkat(vfs::AT_FDCWD, old_path, vfs::AT_FDCWD, new_path, 0);
}

Result<u64> sys_renameat2(int old_dirfd, vm::UserPtr<const char> old_path, int new_dirfd,
                          vm::UserPtr<const char> new_path, u32 flags) {
    if (flags & ~(vfs::RENAME_NOREPLACE | vfs::RENAME_EXCHANGE | vfs::RENAME_WHITEOUT))
        return Error(EINVAL);
    if (flags & vfs::RENAME_WHITEOUT) return Error(EINVAL);
    vm::UserPath old_copy, new_copy;
    StrView old_name = TRY(old_copy.load(old_path));
    StrView new_name = TRY(new_copy.load(new_path));
    At old_at, new_at;
    TRY(old_at.init(old_dirfd, old_name));
    TRY(new_at.init(new_dirfd, new_name));
    vfs::Cred cred = fs_cred();
    SpinLockGuard g(vfs::tree_lock());
    vfs::Parent op = TRY(vfs::walk_parent(old_at.origin().start(), old_name));
    auto np = vfs::walk_parent(new_at.origin().start(), new_name);
    if (np.is_error()) {
        vfs::path_put(op.dir);
        return Error(np.error());
    }
    vfs::Parent& nq = np.value();
    auto run = [&]() -> Result<u64> {
        if (is_dots(op.last) || is_dots(nq.last)) return Error(EBUSY);
        if (op.dir.mnt != nq.dir.mnt) return Error(EXDEV);
        TRY(vfs::want_write(op.dir));
        vfs::Dentry* d = TRY(child(op));
        bool dir = vfs::is_dir(d->inode->mode);
        if (nq.trailing_slash && !dir) return Error(ENOTDIR);
        TRY(may_rename(op, d, nq, flags, cred));
        TRY(vfs::rename(d, nq.dir.dentry, nq.last, flags));
        return 0;
    };
    Result<u64> r = run();
    vfs::path_put(op.dir);
    vfs::path_put(nq.dir);
    return r;
}

Result<u64> sys_renameat(int old_dirfd, vm::UserPtr<const char> old_path, int new_dirfd,
                         vm::UserPtr<const char> new_path) {
    return sys_renameat2(old_dirfd, old_path, new_dirfd, new_path, 0);
}

Result<u64> sys_rename(vm::UserPtr<const char> old_path, vm::UserPtr<const char> new_path) {
    return sys_renameat2(vfs::AT_FDCWD, old_path, vfs::AT_FDCWD, new_path, 0);
}

Result<u64> sys_readlinkat(int dirfd, vm::UserPtr<const char> path, vm::UserPtr<char> buf,
                           int size) {
    if (size <= 0) return Error(EINVAL);
    Target t;
    TRY(t.find(dirfd, path, vfs::AT_SYMLINK_NOFOLLOW | vfs::AT_EMPTY_PATH));
    const vfs::Inode& inode = t.inode();
    if (!vfs::is_lnk(inode.mode)) return Error(EINVAL);
    usize n = inode.size < usize(size) ? inode.size : usize(size);
    TRY(vm::copy_n_to_user(buf, inode.link, n));
    return n;
}

Result<u64> sys_readlink(vm::UserPtr<const char> path, vm::UserPtr<char> buf, int size) {
    if (size <= 0) return Error(EINVAL);
    vm::UserPath copy;
    StrView name = TRY(copy.load(path));
    if (name.empty()) return Error(ENOENT);
    return sys_readlinkat(vfs::AT_FDCWD, path, buf, size);
}

}  // namespace syscalls
