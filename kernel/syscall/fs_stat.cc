// kernel/syscall/fs_stat.cc — stat, lstat, fstat, newfstatat, statx, access and faccessat(2).
//
// The attributes come from the inode: st_dev is its file system's number, a directory's
// size grows by 20 bytes an entry as tmpfs reports it (BOGO_DIRENT_SIZE), st_blocks
// counts the 512-byte units of the pages a file holds (a sparse file has fewer).
#include "syscall/file_util.hh"
#include "syscall/handlers.hh"

namespace syscalls {

struct Stat {  // struct stat on x86_64
    u64 dev, ino, nlink;
    u32 mode, uid, gid, pad0;
    u64 rdev;
    i64 size, blksize, blocks;
    u64 atime, atime_ns, mtime, mtime_ns, ctime, ctime_ns;
    i64 reserved[3];
};
static_assert(sizeof(Stat) == 144);

struct StatxTime {
    i64 sec;
    u32 nsec;
    i32 reserved;
};

struct Statx {  // struct statx
    u32 mask, blksize;
    u64 attributes;
    u32 nlink, uid, gid;
    u16 mode, pad1;
    u64 ino, size, blocks, attributes_mask;
    StatxTime atime, btime, ctime, mtime;
    u32 rdev_major, rdev_minor, dev_major, dev_minor;
    u64 mnt_id;
    u32 dio_mem_align, dio_offset_align;
    u64 spare[12];
};
static_assert(sizeof(Statx) == 256);

namespace {

constexpr u32 STATX_BASIC_STATS = 0x7ff, STATX_BTIME = 0x800, STATX_MNT_ID = 0x1000,
              STATX_RESERVED = 0x80000000;
constexpr u64 STATX_ATTR_MOUNT_ROOT = 0x2000;
constexpr u32 R_OK = 4, W_OK = 2, X_OK = 1;

i64 size_of(const vfs::Inode& inode, const vfs::Path& p) {
    if (vfs::is_dir(inode.mode) && !p.empty()) return i64(40 + 20 * p.dentry->children.size());
    if (vfs::is_reg(inode.mode) || vfs::is_lnk(inode.mode)) return i64(inode.size);
    return 0;
}

Stat stat_of(const vfs::Inode& inode, const vfs::Path& p) {
    Stat st{};
    st.dev = inode.sb->dev;
    st.ino = inode.ino;
    st.nlink = inode.nlink;
    st.mode = inode.mode;
    st.uid = inode.uid;
    st.gid = inode.gid;
    st.rdev = inode.rdev;
    st.size = size_of(inode, p);
    st.blksize = 4096;
    st.blocks = i64(inode.pages.pages() * 8);
    st.atime = u64(inode.atime.sec), st.atime_ns = u64(inode.atime.nsec);
    st.mtime = u64(inode.mtime.sec), st.mtime_ns = u64(inode.mtime.nsec);
    st.ctime = u64(inode.ctime.sec), st.ctime_ns = u64(inode.ctime.nsec);
    return st;
}

StatxTime stamp(const vfs::Timespec& t) { return StatxTime{t.sec, u32(t.nsec), 0}; }

Result<u64> stat_at(int dirfd, vm::UserPtr<const char> path, vm::UserPtr<Stat> out, u32 flags) {
    Target t;
    TRY(t.find(dirfd, path, flags));
    TRY(out.write(stat_of(t.inode(), t.path())));
    return 0;
}

}  // namespace

Result<u64> sys_stat(vm::UserPtr<const char> path, vm::UserPtr<Stat> st) {
    return stat_at(vfs::AT_FDCWD, path, st, 0);
}

Result<u64> sys_lstat(vm::UserPtr<const char> path, vm::UserPtr<Stat> st) {
    return stat_at(vfs::AT_FDCWD, path, st, vfs::AT_SYMLINK_NOFOLLOW);
}

Result<u64> sys_fstat(int fd, vm::UserPtr<Stat> st) {
    FileRef f = TRY(file_at(fd));
    TRY(st.write(stat_of(*f->inode, f->path)));
    return 0;
}

Result<u64> sys_newfstatat(int dirfd, vm::UserPtr<const char> path, vm::UserPtr<Stat> st,
                           int flags) {
    vm::UserPath check;
    TRY(check.load(path));  // EFAULT and ENAMETOOLONG come before EINVAL
    if (u32(flags) & ~(vfs::AT_SYMLINK_NOFOLLOW | vfs::AT_NO_AUTOMOUNT | vfs::AT_EMPTY_PATH))
        return Error(EINVAL);
    return stat_at(dirfd, path, st, u32(flags));
}

Result<u64> sys_statx(int dirfd, vm::UserPtr<const char> path, int flags, u32 mask,
                      vm::UserPtr<Statx> out) {
    constexpr u32 known = vfs::AT_SYMLINK_NOFOLLOW | vfs::AT_NO_AUTOMOUNT | vfs::AT_EMPTY_PATH |
                          vfs::AT_STATX_SYNC_TYPE;
    if ((u32(flags) & ~known) || (u32(flags) & vfs::AT_STATX_SYNC_TYPE) == vfs::AT_STATX_SYNC_TYPE)
        return Error(EINVAL);
    if (mask & STATX_RESERVED) return Error(EINVAL);
    Target t;
    TRY(t.find(dirfd, path, u32(flags)));
    const vfs::Inode& inode = t.inode();
    Stat st = stat_of(inode, t.path());
    Statx x{};
    x.mask = STATX_BASIC_STATS | STATX_BTIME | STATX_MNT_ID;
    x.blksize = u32(st.blksize);
    x.nlink = u32(st.nlink);
    x.uid = st.uid;
    x.gid = st.gid;
    x.mode = u16(st.mode);
    x.ino = st.ino;
    x.size = u64(st.size);
    x.blocks = u64(st.blocks);
    x.attributes_mask = STATX_ATTR_MOUNT_ROOT;
    const vfs::Path& p = t.path();
    if (!p.empty() && p.dentry == p.mnt->root) x.attributes |= STATX_ATTR_MOUNT_ROOT;
    x.atime = stamp(inode.atime);
    x.btime = stamp(inode.btime);
    x.ctime = stamp(inode.ctime);
    x.mtime = stamp(inode.mtime);
    x.rdev_major = u32(inode.rdev >> 8);
    x.rdev_minor = u32(inode.rdev & 0xff);
    x.dev_major = 0;
    x.dev_minor = inode.sb->dev;
    x.mnt_id = p.empty() ? 0 : p.mnt->id;
    TRY(out.write(x));
    return 0;
}

// Checks with the real ids unless AT_EACCESS (real_cred's capabilities: root's only
// for a real uid 0); W_OK on a read-only mount is EROFS for files that live there.
Result<u64> sys_faccessat2(int dirfd, vm::UserPtr<const char> path, int mode, int flags) {
    if (u32(mode) & ~(R_OK | W_OK | X_OK)) return Error(EINVAL);
    if (u32(flags) & ~(vfs::AT_EACCESS | vfs::AT_SYMLINK_NOFOLLOW | vfs::AT_EMPTY_PATH))
        return Error(EINVAL);
    vfs::Cred cred = (flags & vfs::AT_EACCESS) ? fs_cred() : real_cred();
    Target t;
    TRY(t.find(dirfd, path, u32(flags) & ~vfs::AT_EACCESS, cred));
    const vfs::Inode& inode = t.inode();
    if ((mode & W_OK) &&
        (vfs::is_reg(inode.mode) || vfs::is_dir(inode.mode) || vfs::is_lnk(inode.mode)))
        TRY(vfs::want_write(t.path()));
    int mask = ((mode & R_OK) ? vfs::MAY_READ : 0) | ((mode & W_OK) ? vfs::MAY_WRITE : 0) |
               ((mode & X_OK) ? vfs::MAY_EXEC : 0);
    TRY(vfs::permission(inode, mask, &cred));
    return 0;
}

Result<u64> sys_faccessat(int dirfd, vm::UserPtr<const char> path, int mode) {
    return sys_faccessat2(dirfd, path, mode, 0);
}

Result<u64> sys_access(vm::UserPtr<const char> path, int mode) {
    return sys_faccessat2(vfs::AT_FDCWD, path, mode, 0);
}

}  // namespace syscalls
