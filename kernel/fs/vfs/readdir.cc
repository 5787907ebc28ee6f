// kernel/fs/vfs/readdir.cc — getdents64 over the dentry cache (readdir.hh).
#include "fs/vfs/readdir.hh"

#include "lib/string.hh"
#include "mm/heap.hh"

namespace vfs {
namespace {

constexpr usize HEADER = 19;  // d_ino, d_off, d_reclen, d_type
constexpr usize BOUNCE = 8192;

usize record_size(usize name_len) { return (HEADER + name_len + 1 + 7) & ~usize(7); }

// Appends one record to @p out (capacity @p cap at @p used); false when it does not fit.
bool emit(u8* out, usize cap, usize& used, u64 ino, u64 off, u8 type, StrView name) {
    usize len = record_size(name.len);
    if (used + len > cap) return false;
    u8* r = out + used;
    memset(r, 0, len);
    u16 reclen = u16(len);
    memcpy(r, &ino, 8);
    memcpy(r + 8, &off, 8);
    memcpy(r + 16, &reclen, 2);
    r[18] = type;
    memcpy(r + HEADER, name.data, name.len);
    used += len;
    return true;
}

// Fills @p out with the records from f.pos on (VFS lock held); the new position.
// @p full says a record was left out for want of room.
u64 fill(File& f, u8* out, usize cap, usize& used, bool& full) {
    full = true;
    Dentry* d = f.path.dentry;
    u64 pos = f.pos.load();
    if (!d->linked && d->parent != d) {  // removed: an empty listing
        full = false;
        return pos;
    }
    if (pos == 0) {
        if (!emit(out, cap, used, d->inode->ino, 1, 4, ".")) return pos;
        pos = 1;
    }
    if (pos == 1) {
        Dentry* up = d;
        Mount* m = f.path.mnt;
        if (up == m->root && m->parent) up = m->mountpoint;
        if (!emit(out, cap, used, up->parent->inode->ino, 2, 4, "..")) return pos;
        pos = 2;
    }
    for (Dentry& c : d->children) {
        if (c.cookie < pos) continue;
        StrView name(c.name, c.name_len);
        if (!emit(out, cap, used, c.inode->ino, c.cookie + 1, dirent_type(c.inode->mode), name))
            return pos;
        pos = c.cookie + 1;
    }
    full = false;
    return pos;
}

}  // namespace

u8 dirent_type(u32 mode) { return u8((mode & S_IFMT) >> 12); }

Result<u64> dcache_getdents(File& f, const IoBuf& buf) {
    usize cap = buf.size() < BOUNCE ? usize(buf.size()) : BOUNCE;
    if (cap < record_size(1)) return Error(EINVAL);
    u8* bounce = static_cast<u8*>(TRY(mm::kmalloc(cap)));
    usize used = 0;
    u64 pos;
    bool full;
    {
        SpinLockGuard g(tree_lock());
        pos = fill(f, bounce, cap, used, full);
    }
    Result<void> r = used ? buf.fill(0, bounce, used) : Result<void>{};
    mm::kfree(bounce);
    if (r.is_error()) return Error(r.error());
    if (used == 0 && full) return Error(EINVAL);  // not even one record fits
    f.pos.store(pos);
    return used;
}

}  // namespace vfs
