// kernel/exec/initramfs.cc — locating the initramfs module (initramfs.hh).
#include "exec/initramfs.hh"

#include "boot/main.hh"
#include "fs/vfs/file.hh"
#include "fs/vfs/namespace.hh"
#include "lib/log.hh"
#include "lib/string.hh"
#include "mm/heap.hh"
#include "mm/layout.hh"

namespace initramfs {
namespace {

cpio::Archive archive({});
bool found = false;

}  // namespace

bool init() {
    const boot::BootInfo& bi = boot::info();
    const boot::Module* chosen = nullptr;
    for (usize i = 0; i < bi.module_count; ++i)
        if (StrView(bi.modules[i].name) == StrView("initramfs")) chosen = &bi.modules[i];
    if (!chosen && bi.module_count) chosen = &bi.modules[0];
    if (!chosen) {
        klog::info("initramfs: no boot module");
        return false;
    }
    std::span<const u8> bytes(mm::phys_to_virt<const u8>(chosen->start),
                              chosen->end - chosen->start);
    cpio::Archive a(bytes);
    auto members = a.validate();
    if (members.is_error()) {
        klog::error("initramfs: module '{}' is not a valid cpio newc archive ({})", chosen->name,
                    errno_name(members.error()));
        return false;
    }
    archive = a;
    found = true;
    klog::info("initramfs: {} members, {} KiB, at {:#x}", members.value(), bytes.size() / KiB,
               chosen->start);
    return true;
}

bool present() { return found; }

Result<cpio::Entry> lookup(StrView path) {
    if (!found) return Error(ENOENT);
    return archive.lookup(path);
}

namespace {

// Hard links: newc stores a file's data with its last name; the others come first,
// empty, with the same inode number. The names made so far for multiply linked inodes.
struct Linked {
    u32 ino, dev;
    vfs::Dentry* d;
};
constexpr usize MAX_LINKED = 256;

// The directory above @p path in @p dir, made as needed; @p path becomes its last part.
Result<vfs::Dentry*> parent_dir(vfs::Dentry* dir, StrView& path) {
    for (;;) {
        usize slash = 0;
        while (slash < path.len && path[slash] != '/') ++slash;
        if (slash == path.len) return dir;
        StrView part = path.substr(0, slash);
        path = path.substr(slash + 1);
        if (part.empty() || part == StrView(".")) continue;
        vfs::Dentry* next = vfs::d_lookup(dir, part);
        if (!next) next = TRY(vfs::create(dir, part, vfs::S_IFDIR | 0755, 0, vfs::Creator{}));
        if (!vfs::is_dir(next->inode->mode)) return Error(ENOTDIR);
        dir = next;
    }
}

Result<void> write_data(vfs::Inode& inode, std::span<const u8> data) {
    for (usize off = 0; off < data.size(); off += vfs::PAGE_SIZE) {
        u8* page = TRY(inode.pages.get_or_add(off / vfs::PAGE_SIZE));
        usize n = data.size() - off < vfs::PAGE_SIZE ? data.size() - off : vfs::PAGE_SIZE;
        memcpy(page, data.data() + off, n);
    }
    inode.size = data.size();
    return {};
}

// Makes one member in @p dir as @p name (VFS lock held).
Result<vfs::Dentry*> make_member(vfs::Dentry* dir, StrView name, const cpio::Entry& e,
                                 Linked* linked, usize& nlinked) {
    vfs::Creator who{e.uid, e.gid};
    vfs::Dentry* old = vfs::d_lookup(dir, name);
    if (old && vfs::is_dir(old->inode->mode) && e.is_directory()) return old;
    if (old) TRY(vfs::is_dir(old->inode->mode) ? vfs::rmdir(old) : vfs::unlink(old));
    if (e.is_symlink()) {
        StrView target(reinterpret_cast<const char*>(e.data.data()), e.data.size());
        return vfs::symlink(dir, name, target, who);
    }
    if (e.is_regular() && e.nlink > 1) {
        for (usize i = 0; i < nlinked; ++i) {
            if (linked[i].ino != e.ino || linked[i].dev != e.devminor) continue;
            TRY(vfs::link(linked[i].d, dir, name));
            vfs::Dentry* d = vfs::d_lookup(dir, name);
            if (!e.data.empty()) TRY(write_data(*d->inode, e.data));
            return d;
        }
    }
    u64 rdev = vfs::make_dev(e.rdevmajor, e.rdevminor);
    vfs::Dentry* d = TRY(vfs::create(dir, name, e.mode, rdev, who));
    if (e.is_regular()) TRY(write_data(*d->inode, e.data));
    if (e.is_regular() && e.nlink > 1 && nlinked < MAX_LINKED)
        linked[nlinked++] = Linked{e.ino, e.devminor, d};
    return d;
}

}  // namespace

Result<void> unpack(const vfs::Path& root) {
    if (!found) return {};
    Linked* linked = static_cast<Linked*>(TRY(mm::kmalloc(sizeof(Linked) * MAX_LINKED)));
    usize nlinked = 0, files = 0;
    cpio::Cursor c = archive.begin();
    cpio::Entry e;
    Result<void> r{};
    while (!r.is_error()) {
        auto more = c.next(e);
        if (more.is_error() || !more.value()) break;
        StrView name = e.name;
        while (!name.empty() && (name[0] == '/' || name.starts_with("./")))
            name = name.substr(name[0] == '/' ? 1 : 2);
        while (!name.empty() && name[name.len - 1] == '/') name = name.substr(0, name.len - 1);
        if (name.empty() || name == StrView(".")) continue;
        SpinLockGuard g(vfs::tree_lock());
        auto dir = parent_dir(root.dentry, name);
        if (dir.is_error()) {
            r = Error(dir.error());
            break;
        }
        auto d = make_member(dir.value(), name, e, linked, nlinked);
        if (d.is_error()) {
            r = Error(d.error());
            break;
        }
        vfs::Inode& inode = *d.value()->inode;
        inode.mode = (inode.mode & vfs::S_IFMT) | e.permissions();
        inode.uid = e.uid;
        inode.gid = e.gid;
        inode.mtime = inode.ctime = inode.atime = vfs::Timespec{e.mtime, 0};
        ++files;
    }
    mm::kfree(linked);
    if (r.is_error()) return r;
    klog::info("initramfs: unpacked {} members into the root tmpfs", files);
    return {};
}

}  // namespace initramfs
