// kernel/fs/ext4/namei.cc — the namespace: lookup, create, mkdir, symlink, link, unlink, rmdir, rename.
//
// Each operation reads the inodes it changes, changes them in memory, writes them back
// into the cache, and leaves the commit to sync() or to maybe_commit() at its end.
// Link counts follow Linux: a directory counts its "." and each subdirectory's "..";
// an inode whose count reaches 0 is released at once (nothing keeps files open here).
#include "fs/ext4/internal.hh"

namespace ext4 {

namespace {

constexpr u16 LINK_MAX = 65000;

Result<void> check_name(StrView name) {
    if (name.len == 0) return Error(ENOENT);
    if (name.len > de::MAX_NAME) return Error(ENAMETOOLONG);
    for (usize i = 0; i < name.len; i++)
        if (name[i] == '/' || name[i] == 0) return Error(EINVAL);
    return {};
}

bool is_dot(StrView name) { return name == StrView(".") || name == StrView(".."); }

Result<Inode> read_dir(Fs& fs, u32 ino) {
    Inode d = TRY(fs.read_inode(ino));
    if (!d.is_dir()) return Error(ENOTDIR);
    if (d.flags() & ino::FLAG_INLINE_DATA) return Error(EOPNOTSUPP);
    return d;
}

u32 next_generation = 0x4C617263;  // a different generation for each inode made here

Result<Inode> new_inode(Fs& fs, u32 parent, u16 mode) {
    const Geometry& g = fs.geometry();
    u32 ino = TRY(alloc_inode(fs, parent, (mode & MODE_FMT) == MODE_DIR));
    Inode in;
    in.ino = ino;
    in.set_mode(mode);
    put_le32(in.raw + ino::generation, next_generation++);
    if (g.inode_size > GOOD_OLD_INODE_SIZE) {
        const u8* sb = TRY(fs.superblock());
        u32 extra = le16(sb + sb::want_extra_isize);
        if (extra < 32) extra = 32;
        if (GOOD_OLD_INODE_SIZE + extra > g.inode_size || extra > INODE_BYTES - GOOD_OLD_INODE_SIZE)
            extra =
                g.inode_size - GOOD_OLD_INODE_SIZE < 32 ? g.inode_size - GOOD_OLD_INODE_SIZE : 32;
        put_le16(in.raw + ino::extra_isize, static_cast<u16>(extra));
    }
    in.touch(fs.now(), true, true, true, g.inode_size);
    if (g.inode_size > GOOD_OLD_INODE_SIZE &&
        le16(in.raw + ino::extra_isize) >= ino::crtime_extra + 4 - GOOD_OLD_INODE_SIZE)
        put_le32(in.raw + ino::crtime, fs.now());
    if ((mode & MODE_FMT) != MODE_LNK) extent_init(in);
    in.set_links(1);
    return in;
}

/// Frees an inode's blocks and the inode itself (its link count reached 0).
Result<void> release(Fs& fs, Inode& in) {
    if (in.has_extents()) TRY(extent_truncate(fs, in, 0));
    in.set_links(0);
    in.set_size(0);
    put_le32(in.raw + ino::dtime, fs.now() ? fs.now() : 1);
    TRY(fs.write_inode(in));
    return free_inode(fs, in.ino, in.is_dir());
}

Result<void> drop_link(Fs& fs, Inode& in) {
    if (in.links() <= 1) return release(fs, in);
    in.set_links(static_cast<u16>(in.links() - 1));
    in.touch(fs.now(), false, true, false, fs.geometry().inode_size);
    return fs.write_inode(in);
}

void add_dir_link(Inode& dir) {
    if (dir.links() >= LINK_MAX || dir.links() == 1)
        dir.set_links(1);  // dir_nlink: too many subdirectories to count
    else dir.set_links(static_cast<u16>(dir.links() + 1));
}

void drop_dir_link(Inode& dir) {
    if (dir.links() > 2) dir.set_links(static_cast<u16>(dir.links() - 1));
}

/// Adds @p name -> @p in to @p dir and writes the directory.
Result<void> add_name(Fs& fs, Inode& dir, StrView name, const Inode& in) {
    TRY(dir_add(fs, dir, name, in.ino, file_type_of(in.mode())));
    dir.touch(fs.now(), false, true, true, fs.geometry().inode_size);
    return fs.write_inode(dir);
}

Result<Inode> start_create(Fs& fs, u32 dir_ino, StrView name, Inode& dir) {
    TRY(fs.ensure_writable());
    TRY(check_name(name));
    dir = TRY(read_dir(fs, dir_ino));
    auto existing = dir_find(fs, dir, name);
    if (existing.has_value()) return Error(EEXIST);
    if (existing.error() != ENOENT) return Error(existing.error());
    return Inode{};
}

}  // namespace

Result<void> Fs::iterate_dir(u32 dir_ino, bool (*fn)(void*, const DirEntry&), void* ctx) {
    Inode dir = TRY(read_dir(*this, dir_ino));
    u32 n = static_cast<u32>(dir.size() / g_.block_size);
    for (u32 lb = 0; lb < n; lb++) {
        const u8* b = TRY(dir_block(*this, dir, lb));
        bool more = TRY(for_each_entry(*this, dir, b, [&](u32, u32 ino, u8 type, StrView name) {
            return fn(ctx, DirEntry{ino, type, name});
        }));
        if (!more) break;
    }
    return {};
}

Result<u32> Fs::lookup(u32 dir_ino, StrView name) {
    if (name.len > de::MAX_NAME) return Error(ENAMETOOLONG);
    Inode dir = TRY(read_dir(*this, dir_ino));
    DirSlot s = TRY(dir_find(*this, dir, name));
    return s.ino;
}

Result<u32> Fs::resolve(StrView path) {
    if (path.len == 0 || path[0] != '/') return Error(EINVAL);
    u32 ino = ROOT_INO;
    usize i = 0;
    while (i < path.len) {
        while (i < path.len && path[i] == '/') i++;
        usize start = i;
        while (i < path.len && path[i] != '/') i++;
        if (i > start) ino = TRY(lookup(ino, path.substr(start, i - start)));
    }
    return ino;
}

Result<u32> Fs::create(u32 dir_ino, StrView name, u16 mode) {
    Inode dir;
    TRY(start_create(*this, dir_ino, name, dir));
    Inode in = TRY(new_inode(*this, dir_ino, static_cast<u16>(MODE_REG | (mode & 07777))));
    TRY(write_inode(in));
    TRY(add_name(*this, dir, name, in));
    TRY(maybe_commit());
    return in.ino;
}

Result<u32> Fs::mkdir(u32 dir_ino, StrView name, u16 mode) {
    Inode dir;
    TRY(start_create(*this, dir_ino, name, dir));
    Inode in = TRY(new_inode(*this, dir_ino, static_cast<u16>(MODE_DIR | (mode & 07777))));
    in.set_links(2);
    TRY(dir_init(*this, in, dir_ino));
    TRY(write_inode(in));
    add_dir_link(dir);
    TRY(add_name(*this, dir, name, in));
    TRY(maybe_commit());
    return in.ino;
}

Result<u32> Fs::symlink(u32 dir_ino, StrView name, StrView target) {
    if (target.len == 0) return Error(ENOENT);
    if (target.len >= g_.block_size) return Error(ENAMETOOLONG);
    Inode dir;
    TRY(start_create(*this, dir_ino, name, dir));
    Inode in = TRY(new_inode(*this, dir_ino, static_cast<u16>(MODE_LNK | 0777)));
    if (target.len < ino::BLOCK_BYTES) {
        memcpy(in.iblock(), target.data, target.len);
        in.set_size(target.len);
        TRY(write_inode(in));
    } else {
        extent_init(in);
        TRY(write_data(*this, in, 0, target.data, target.len));  // no commit half-way
        TRY(write_inode(in));
    }
    TRY(add_name(*this, dir, name, in));
    TRY(maybe_commit());
    return in.ino;
}

Result<void> Fs::link(u32 ino, u32 dir_ino, StrView name) {
    Inode dir;
    TRY(start_create(*this, dir_ino, name, dir));
    Inode in = TRY(read_inode(ino));
    if (in.is_dir()) return Error(EPERM);
    if (in.links() >= LINK_MAX) return Error(EMLINK);
    in.set_links(static_cast<u16>(in.links() + 1));
    in.touch(now(), false, true, false, g_.inode_size);
    TRY(write_inode(in));
    TRY(add_name(*this, dir, name, in));
    return maybe_commit();
}

Result<void> Fs::unlink(u32 dir_ino, StrView name) {
    TRY(ensure_writable());
    TRY(check_name(name));
    Inode dir = TRY(read_dir(*this, dir_ino));
    DirSlot s = TRY(dir_find(*this, dir, name));
    Inode in = TRY(read_inode(s.ino));
    if (in.is_dir()) return Error(EISDIR);
    TRY(dir_remove(*this, dir, name));
    dir.touch(now(), false, true, true, g_.inode_size);
    TRY(write_inode(dir));
    TRY(drop_link(*this, in));
    return maybe_commit();
}

Result<void> Fs::rmdir(u32 dir_ino, StrView name) {
    TRY(ensure_writable());
    if (name == StrView(".")) return Error(EINVAL);
    if (name == StrView("..")) return Error(ENOTEMPTY);
    TRY(check_name(name));
    Inode dir = TRY(read_dir(*this, dir_ino));
    DirSlot s = TRY(dir_find(*this, dir, name));
    Inode in = TRY(read_inode(s.ino));
    if (!in.is_dir()) return Error(ENOTDIR);
    if (!TRY(dir_is_empty(*this, in))) return Error(ENOTEMPTY);
    TRY(dir_remove(*this, dir, name));
    drop_dir_link(dir);
    dir.touch(now(), false, true, true, g_.inode_size);
    TRY(write_inode(dir));
    TRY(release(*this, in));
    return maybe_commit();
}

Result<void> Fs::rename(u32 from_ino, StrView from, u32 to_ino, StrView to) {
    TRY(ensure_writable());
    if (is_dot(from) || is_dot(to)) return Error(EINVAL);
    TRY(check_name(from));
    TRY(check_name(to));
    Inode from_dir = TRY(read_dir(*this, from_ino));
    Inode to_dir_own;
    bool same_dir = from_ino == to_ino;
    if (!same_dir) to_dir_own = TRY(read_dir(*this, to_ino));
    Inode& to_dir = same_dir ? from_dir : to_dir_own;

    DirSlot src = TRY(dir_find(*this, from_dir, from));
    Inode moved = TRY(read_inode(src.ino));
    if (moved.is_dir() && !same_dir) {  // not into its own subtree
        for (u32 up = to_ino; up != ROOT_INO;) {
            if (up == moved.ino) return Error(EINVAL);
            Inode d = TRY(read_dir(*this, up));
            up = TRY(dir_find(*this, d, "..")).ino;
        }
    }
    auto dst = dir_find(*this, to_dir, to);
    if (dst.is_error() && dst.error() != ENOENT) return Error(dst.error());
    if (dst.has_value()) {
        if (dst.value().ino == moved.ino) return {};
        Inode old = TRY(read_inode(dst.value().ino));
        if (moved.is_dir() && !old.is_dir()) return Error(ENOTDIR);
        if (!moved.is_dir() && old.is_dir()) return Error(EISDIR);
        if (old.is_dir() && !TRY(dir_is_empty(*this, old))) return Error(ENOTEMPTY);
        TRY(dir_remove(*this, to_dir, to));
        if (old.is_dir()) {
            drop_dir_link(to_dir);
            TRY(release(*this, old));
        } else {
            TRY(drop_link(*this, old));
        }
    }
    TRY(dir_add(*this, to_dir, to, moved.ino, file_type_of(moved.mode())));
    TRY(dir_remove(*this, from_dir, from));
    if (moved.is_dir() && !same_dir) {
        TRY(dir_set_dotdot(*this, moved, to_ino));
        drop_dir_link(from_dir);
        add_dir_link(to_dir);
    }
    moved.touch(now(), false, true, false, g_.inode_size);
    TRY(write_inode(moved));
    from_dir.touch(now(), false, true, true, g_.inode_size);
    TRY(write_inode(from_dir));
    if (!same_dir) {
        to_dir.touch(now(), false, true, true, g_.inode_size);
        TRY(write_inode(to_dir));
    }
    return maybe_commit();
}

}  // namespace ext4
