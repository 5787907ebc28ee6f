// kernel/fs/vfs/open.cc — from a path to a File (open.hh).
#include "fs/vfs/open.hh"

namespace vfs {
namespace {

const FileOps path_only_ops{};
const FileOps* fifo_file_ops = nullptr;

// The Path to open (with a reference) for O_CREAT (VFS lock held); *@p created tells
// whether the file is new (then open checks no permission on it).
Result<Path> create_or_find(const WalkStart& start, StrView path, u32 flags, u32 mode,
                            const Creator& who, bool* created) {
    Parent par = TRY(walk_parent(start, path));
    StrView last = par.last;
    if (last.empty() || last == StrView(".") || last == StrView("..")) {
        path_put(par.dir);
        return Error(EISDIR);
    }
    Dentry* d = d_lookup(par.dir.dentry, last);
    if (d && (flags & O_EXCL)) {
        path_put(par.dir);
        return Error(EEXIST);
    }
    if (!d) {
        if (par.trailing_slash) {
            path_put(par.dir);
            return Error(EISDIR);
        }
        Result<void> ok = want_write(par.dir);
        if (!ok.is_error()) ok = may_create(*par.dir.dentry->inode, start.cred);
        if (ok.is_error()) {
            path_put(par.dir);
            return Error(ok.error());
        }
        auto made = create(par.dir.dentry, last, S_IFREG | mode, 0, who);
        if (made.is_error()) {
            path_put(par.dir);
            return Error(made.error());
        }
        Path p{par.dir.mnt, made.value()};
        path_put(par.dir);
        *created = true;
        return path_get(p);
    }
    if (is_lnk(d->inode->mode)) {
        if (flags & O_NOFOLLOW) {
            path_put(par.dir);
            return Error(ELOOP);
        }
        WalkStart from{start.root, par.dir, start.cred};
        auto r = walk(from, last, WALK_FOLLOW);
        path_put(par.dir);
        return r;
    }
    Path p{par.dir.mnt, d};
    d_get(d);
    path_put(par.dir);
    follow_mounts(p);
    return p;
}

Result<const FileOps*> ops_for(const Inode& inode, u32 flags) {
    if (flags & O_PATH) return &path_only_ops;
    if (is_chr(inode.mode)) {
        const FileOps* ops = chrdev_ops(inode.rdev);
        if (!ops) return Error(ENXIO);
        return ops;
    }
    if (is_blk(inode.mode)) {
        const FileOps* ops = blkdev_ops(inode.rdev);
        if (!ops) return Error(ENXIO);
        return ops;
    }
    if (is_fifo(inode.mode) && fifo_file_ops) return fifo_file_ops;
    if (!inode.fops) return Error(ENXIO);  // sockets
    return inode.fops;
}

// Linux's may_open: what the open flags ask of an existing file (VFS lock held).
Result<void> may_open(const Path& p, u32 flags, const Cred* cred) {
    if (flags & O_PATH) return {};
    const Inode& inode = *p.dentry->inode;
    int mask = 0;
    if ((flags & O_ACCMODE) == O_RDONLY || (flags & O_ACCMODE) == O_RDWR) mask |= MAY_READ;
    if ((flags & O_ACCMODE) == O_WRONLY || (flags & O_ACCMODE) == O_RDWR || (flags & O_TRUNC))
        mask |= MAY_WRITE;
    if (is_dir(inode.mode) && (mask & MAY_WRITE)) return Error(EISDIR);
    if ((is_chr(inode.mode) || (inode.mode & S_IFMT) == S_IFBLK) && mount_nodev(p))
        return Error(EACCES);
    if ((mask & MAY_WRITE) && (is_reg(inode.mode) || is_dir(inode.mode) || is_lnk(inode.mode)))
        TRY(want_write(p));
    TRY(permission(inode, mask, cred));
    if ((flags & O_NOATIME) && !owner_or_capable(inode, cred)) return Error(EPERM);
    return {};
}

}  // namespace

void set_fifo_ops(const FileOps* ops) { fifo_file_ops = ops; }

Result<File*> open_path(const Path& p, u32 flags) {
    Inode* inode = p.dentry->inode;
    const FileOps* ops = TRY(ops_for(*inode, flags));
    bool wants_write = (flags & O_ACCMODE) == O_WRONLY || (flags & O_ACCMODE) == O_RDWR;
    if (!(flags & O_PATH)) {
        if ((flags & O_ACCMODE) == O_ACCMODE) return Error(EINVAL);
        if (is_dir(inode->mode) && (wants_write || (flags & O_CREAT))) return Error(EISDIR);
        if (is_lnk(inode->mode)) return Error(ELOOP);
    }
    if ((flags & O_DIRECTORY) && !is_dir(inode->mode)) return Error(ENOTDIR);
    // O_NOCTTY is for the open operation (a terminal's) only: off once it ran.
    File* f = TRY(file_alloc(p, inode, ops, flags & ~(O_CREAT | O_EXCL | O_TRUNC | O_CLOEXEC)));
    if (ops->open) {
        if (auto r = ops->open(*f); r.is_error()) {
            file_put(f);  // release undoes what open did
            return Error(r.error());
        }
    }
    f->flags &= ~O_NOCTTY;
    if ((flags & O_TRUNC) && !(flags & O_PATH) && is_reg(inode->mode)) {
        if (auto r = inode->sb->ops->setsize(*inode, 0); r.is_error()) {
            file_put(f);
            return Error(r.error());
        }
        touch_modified(*inode);
    }
    return f;
}

Result<File*> open_at(const Origin& origin, StrView path, u32 flags, u32 mode, u32 umask,
                      const Creator& who) {
    if (flags & O_TMPFILE) return Error(EOPNOTSUPP);
    if (flags & O_PATH) flags &= O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
    Path p;
    {
        SpinLockGuard g(tree_lock());
        WalkStart start = origin.start();
        bool created = false;
        if (flags & O_CREAT) {
            p = TRY(create_or_find(start, path, flags, mode & ~umask & MODE_BITS, who, &created));
        } else {
            u32 walk_flags = (flags & O_NOFOLLOW) ? 0u : u32(WALK_FOLLOW);
            if (flags & O_DIRECTORY) walk_flags |= WALK_DIRECTORY;
            p = TRY(walk(start, path, walk_flags));
        }
        if ((flags & O_NOFOLLOW) && !(flags & O_PATH) && is_lnk(p.dentry->inode->mode)) {
            path_put(p);
            return Error(ELOOP);
        }
        if (!created && !is_lnk(p.dentry->inode->mode)) {
            if (auto ok = may_open(p, flags, start.cred); ok.is_error()) {
                path_put(p);
                return Error(ok.error());
            }
        }
    }
    auto f = open_path(p, flags);
    SpinLockGuard g(tree_lock());
    path_put(p);
    return f;
}

}  // namespace vfs
