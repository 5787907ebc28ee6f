// kernel/syscall/fs_mount.cc — mount(2) and umount2(2).
//
// mount does one of: a new file system by name (tmpfs with its size=, mode=, uid= and
// gid= options; devtmpfs or devfs: a new instance of the device file system) on a
// directory; a bind mount of a file or directory (MS_BIND); a move (MS_MOVE); a change
// of a mount's flags (MS_REMOUNT, tmpfs's size= too). The propagation flags
// (MS_SHARED, MS_PRIVATE, MS_SLAVE, MS_UNBINDABLE) are accepted and change nothing:
// every Larch mount is private. Each needs CAP_SYS_ADMIN.
#include "fs/devfs/devfs.hh"
#include "fs/tmpfs/tmpfs.hh"
#include "fs/vfs/mount_ops.hh"
#include "mm/heap.hh"
#include "syscall/file_util.hh"
#include "syscall/handlers.hh"

namespace syscalls {
namespace {

constexpr u64 MS_MGC_MSK = 0xffff0000, MS_MGC_VAL = 0xc0ed0000;
constexpr u64 MS_UNBINDABLE = 1 << 17;
constexpr u64 PROPAGATION = vfs::MS_SHARED | vfs::MS_PRIVATE | vfs::MS_SLAVE | MS_UNBINDABLE;

bool admin() { return proc::current()->cred.capable(proc::CAP_SYS_ADMIN); }

// tmpfs's options, parsed from mount's data string.
struct TmpfsOptions {
    bool has_size = false, has_mode = false, has_uid = false, has_gid = false;
    u64 pages = 0;
    u32 mode = 01777, uid = 0, gid = 0;
};

Result<u64> parse_number(StrView s, u32 base) {
    if (s.empty()) return Error(EINVAL);
    u64 v = 0;
    for (usize i = 0; i < s.len; ++i) {
        u32 d = u32(s[i] - '0');
        if (d >= base) return Error(EINVAL);
        if (v > (~0ull - d) / base) return Error(EINVAL);
        v = v * base + d;
    }
    return v;
}

// size=N with an optional k, m or g; rounded up to whole pages.
Result<u64> parse_size(StrView s) {
    u64 mult = 1;
    if (!s.empty()) {
        char last = s[s.len - 1];
        if (last == 'k' || last == 'K') mult = 1ull << 10;
        if (last == 'm' || last == 'M') mult = 1ull << 20;
        if (last == 'g' || last == 'G') mult = 1ull << 30;
        if (mult != 1) s = s.substr(0, s.len - 1);
    }
    u64 n = TRY(parse_number(s, 10));
    if (n > (~0ull >> 1) / mult) return Error(EINVAL);
    return (n * mult + vfs::PAGE_SIZE - 1) / vfs::PAGE_SIZE;
}

Result<TmpfsOptions> parse_tmpfs(StrView data) {
    TmpfsOptions o;
    while (!data.empty()) {
        usize end = 0;
        while (end < data.len && data[end] != ',') ++end;
        StrView opt = data.substr(0, end);
        data = end < data.len ? data.substr(end + 1) : StrView();
        if (opt.empty()) continue;
        usize eq = 0;
        while (eq < opt.len && opt[eq] != '=') ++eq;
        StrView key = opt.substr(0, eq);
        StrView value = eq < opt.len ? opt.substr(eq + 1) : StrView();
        if (key == StrView("size")) {
            o.pages = TRY(parse_size(value));
            o.has_size = true;
        } else if (key == StrView("mode")) {
            o.mode = u32(TRY(parse_number(value, 8))) & 07777;
            o.has_mode = true;
        } else if (key == StrView("uid")) {
            o.uid = u32(TRY(parse_number(value, 10)));
            o.has_uid = true;
        } else if (key == StrView("gid")) {
            o.gid = u32(TRY(parse_number(value, 10)));
            o.has_gid = true;
        } else {
            return Error(EINVAL);  // tmpfs refuses what it does not know
        }
    }
    return o;
}

// mount's data: a string of at most a page (empty when null).
class Options {
public:
    ~Options() { mm::kfree(buf_); }
    Result<StrView> load(vm::UserPtr<const char> user) {
        if (user.is_null()) return StrView();
        buf_ = static_cast<char*>(TRY(mm::kmalloc(vfs::PAGE_SIZE)));
        auto n = vm::copy_string_from_user(buf_, user, vfs::PAGE_SIZE);
        if (n.is_error()) return Error(n.error() == EFAULT ? EFAULT : EINVAL);
        return StrView(buf_, n.value());
    }

private:
    char* buf_ = nullptr;
};

Result<vfs::Path> find(vm::UserPtr<const char> user, u32 walk_flags) {
    vm::UserPath copy;
    StrView name = TRY(copy.load(user));
    if (name.empty()) return Error(ENOENT);
    At at;
    TRY(at.init(vfs::AT_FDCWD, name));
    return lookup(at, name, walk_flags);
}

Result<u64> new_mount(const vfs::Path& where, StrView type, StrView data, u32 flags) {
    if (!vfs::is_dir(where.dentry->inode->mode)) return Error(ENOTDIR);
    vfs::Dentry* root = nullptr;
    vfs::Superblock* sb = nullptr;
    if (type == StrView("tmpfs")) {
        TmpfsOptions o = TRY(parse_tmpfs(data));
        sb = TRY(tmpfs::make("tmpfs", o.mode, &root));
        sb->max_pages = o.pages;
        root->inode->uid = o.uid;
        root->inode->gid = o.gid;
    } else if (type == StrView("devtmpfs") || type == StrView("devfs")) {
        root = TRY(devfs::make());
        sb = root->inode->sb;
    } else {
        return Error(ENODEV);
    }
    SpinLockGuard g(vfs::tree_lock());
    auto m = vfs::mount_add(where, sb, root, flags);
    vfs::d_put(root);
    if (m.is_error()) return Error(m.error());
    return 0;
}

Result<u64> remount(const vfs::Path& p, u32 flags, StrView data, bool bind) {
    if (p.dentry != p.mnt->root) return Error(EINVAL);
    vfs::Superblock* sb = p.mnt->sb;
    if (!bind && sb->magic == tmpfs::MAGIC && !data.empty()) {
        TmpfsOptions o = TRY(parse_tmpfs(data));
        if (o.has_size) {
            if (o.pages && o.pages < sb->used_pages.load()) return Error(EINVAL);
            sb->max_pages = o.pages;
        }
    }
    SpinLockGuard g(vfs::tree_lock());
    p.mnt->flags = flags & vfs::MNT_FLAGS;
    return 0;
}

}  // namespace

Result<u64> sys_mount(vm::UserPtr<const char> source, vm::UserPtr<const char> target,
                      vm::UserPtr<const char> fstype, u64 flags, vm::UserPtr<const char> data) {
    if ((flags & MS_MGC_MSK) == MS_MGC_VAL) flags &= ~MS_MGC_MSK;
    if (!admin()) return Error(EPERM);
    Options opts;
    StrView options = TRY(opts.load(data));
    PathRef to(TRY(find(target, vfs::WALK_FOLLOW)));
    if (flags & vfs::MS_REMOUNT) return remount(*to, u32(flags), options, flags & vfs::MS_BIND);
    if (flags & vfs::MS_BIND) {
        PathRef from(TRY(find(source, vfs::WALK_FOLLOW)));
        if (vfs::is_dir(from->dentry->inode->mode) != vfs::is_dir(to->dentry->inode->mode))
            return Error(ENOTDIR);
        SpinLockGuard g(vfs::tree_lock());
        TRY(vfs::mount_add(*to, from->mnt->sb, from->dentry, from->mnt->flags));
        return 0;
    }
    if (flags & PROPAGATION) return 0;  // every mount is private already
    if (flags & vfs::MS_MOVE) {
        PathRef from(TRY(find(source, vfs::WALK_FOLLOW)));
        SpinLockGuard g(vfs::tree_lock());
        TRY(vfs::move_mount(*from, *to));
        return 0;
    }
    vm::UserPath type_copy;
    StrView type = TRY(type_copy.load(fstype));
    return new_mount(*to, type, options, u32(flags));
}

Result<u64> sys_umount2(vm::UserPtr<const char> target, u32 flags) {
    if (flags & ~(vfs::MNT_FORCE | vfs::MNT_DETACH | vfs::MNT_EXPIRE | vfs::UMOUNT_NOFOLLOW))
        return Error(EINVAL);
    if ((flags & vfs::MNT_EXPIRE) && (flags & (vfs::MNT_FORCE | vfs::MNT_DETACH)))
        return Error(EINVAL);
    PathRef p(TRY(find(target, (flags & vfs::UMOUNT_NOFOLLOW) ? 0u : u32(vfs::WALK_FOLLOW))));
    if (!admin()) return Error(EPERM);
    SpinLockGuard g(vfs::tree_lock());
    vfs::Mount* m = p->mnt;
    if (flags & vfs::MNT_EXPIRE) {
        if (p->dentry != m->root || !m->parent) return Error(EINVAL);
        if (vfs::mount_busy(m, p->dentry)) return Error(EBUSY);
        if (!m->expiring) {
            m->expiring = true;
            return Error(EAGAIN);
        }
    }
    TRY(vfs::umount(*p, flags));
    return 0;
}

}  // namespace syscalls
