// tests/unit/host/vfs_sandbox.cc — a name space for host tests (vfs_sandbox.hh).
#include "host/vfs_sandbox.hh"

#include <cstring>

#include "fs/tmpfs/tmpfs.hh"
#include "fs/vfs/namespace.hh"
#include "fs/vfs/poll.hh"
#include "fs/vfs/readdir.hh"

namespace sandbox {
namespace {

vfs::FsContext* ctx = nullptr;

// Runs @p fn(parent) on the parent of @p path's last component under the VFS lock.
template <typename Fn>
int at_parent(const std::string& path, Fn fn) {
    context();
    SpinLockGuard g(vfs::tree_lock());
    auto par = vfs::walk_parent(vfs::Origin{&context()}.start(), StrView(path.data(), path.size()));
    if (par.is_error()) return par.error();
    int r = fn(par.value());
    vfs::path_put(par.value().dir);
    return r;
}

bool dots(StrView s) { return s.empty() || s == StrView(".") || s == StrView(".."); }

}  // namespace

vfs::FsContext& context() {
    if (ctx) return *ctx;
    vfs::Dentry* root = nullptr;
    vfs::Superblock* sb = tmpfs::make("rootfs", 0755, &root).value();
    vfs::Mount* m;
    {
        SpinLockGuard g(vfs::tree_lock());
        m = vfs::mount_add(vfs::Path{}, sb, root).value();
    }
    ctx = vfs::fs_context_new(vfs::Path{m, root}).value();
    SpinLockGuard g(vfs::tree_lock());
    vfs::d_put(root);
    return *ctx;
}

int mount_tmpfs(const char* path) {
    vfs::Dentry* root = nullptr;
    vfs::Superblock* sb = tmpfs::make("tmpfs", 01777, &root).value();
    context();
    SpinLockGuard g(vfs::tree_lock());
    auto p =
        vfs::walk(vfs::Origin{&context()}.start(), path, vfs::WALK_FOLLOW | vfs::WALK_DIRECTORY);
    if (p.is_error()) return p.error();
    auto m = vfs::mount_add(p.value(), sb, root);
    vfs::path_put(p.value());
    vfs::d_put(root);
    return errno_of(m);
}

Result<vfs::File*> open_file(const std::string& path, u32 flags, u32 mode) {
    return vfs::open_at(vfs::Origin{&context()}, StrView(path.data(), path.size()), flags, mode,
                        022, vfs::Creator{});
}

int write_at(const std::string& path, u64 off, const std::string& data) {
    auto f = open_file(path, vfs::O_WRONLY | vfs::O_CREAT);
    if (f.is_error()) return f.error();
    vfs::IoSeg seg;
    u64 pos = off;
    auto n = f.value()->ops->write(
        *f.value(), vfs::IoBuf::kernel_range(seg, const_cast<char*>(data.data()), data.size()),
        &pos);
    vfs::file_put(f.value());
    if (n.is_error()) return n.error();
    return n.value() == data.size() ? 0 : EIO;
}

int read_all(const std::string& path, std::string& out) {
    auto f = open_file(path, vfs::O_RDONLY);
    if (f.is_error()) return f.error();
    out.clear();
    char chunk[5000];
    u64 pos = 0;
    for (;;) {
        vfs::IoSeg seg;
        auto n = f.value()->ops->read(*f.value(),
                                      vfs::IoBuf::kernel_range(seg, chunk, sizeof chunk), &pos);
        if (n.is_error()) {
            vfs::file_put(f.value());
            return n.error();
        }
        if (n.value() == 0) break;
        out.append(chunk, n.value());
    }
    vfs::file_put(f.value());
    return 0;
}

int mkdir(const std::string& path, u32 mode) {
    return at_parent(path, [&](vfs::Parent& par) {
        if (dots(par.last)) return int(EEXIST);
        return errno_of(
            vfs::create(par.dir.dentry, par.last, vfs::S_IFDIR | mode, 0, vfs::Creator{}));
    });
}

int rmdir(const std::string& path) {
    return at_parent(path, [&](vfs::Parent& par) {
        if (dots(par.last)) return int(EINVAL);
        vfs::Dentry* d = vfs::d_lookup(par.dir.dentry, par.last);
        if (!d) return int(ENOENT);
        return errno_of(vfs::rmdir(d));
    });
}

int unlink(const std::string& path) {
    return at_parent(path, [&](vfs::Parent& par) {
        if (dots(par.last)) return int(EISDIR);
        vfs::Dentry* d = vfs::d_lookup(par.dir.dentry, par.last);
        if (!d) return int(ENOENT);
        return errno_of(vfs::unlink(d));
    });
}

int link(const std::string& old_path, const std::string& new_path) {
    auto old = inode_at(old_path, false);
    if (old.is_error()) return old.error();
    if (vfs::is_dir(old.value()->mode)) return EPERM;
    return at_parent(new_path, [&](vfs::Parent& par) {
        if (dots(par.last)) return int(EEXIST);
        auto o = vfs::walk(vfs::Origin{&context()}.start(),
                           StrView(old_path.data(), old_path.size()), 0);
        if (o.is_error()) return o.error();
        int r = errno_of(vfs::link(o.value().dentry, par.dir.dentry, par.last));
        vfs::path_put(o.value());
        return r;
    });
}

int symlink(const std::string& target, const std::string& path) {
    return at_parent(path, [&](vfs::Parent& par) {
        if (dots(par.last)) return int(EEXIST);
        return errno_of(vfs::symlink(par.dir.dentry, par.last,
                                     StrView(target.data(), target.size()), vfs::Creator{}));
    });
}

int rename(const std::string& old_path, const std::string& new_path, u32 flags) {
    context();
    SpinLockGuard g(vfs::tree_lock());
    vfs::WalkStart start = vfs::Origin{&context()}.start();
    auto op = vfs::walk_parent(start, StrView(old_path.data(), old_path.size()));
    if (op.is_error()) return op.error();
    auto np = vfs::walk_parent(start, StrView(new_path.data(), new_path.size()));
    if (np.is_error()) {
        vfs::path_put(op.value().dir);
        return np.error();
    }
    int r = 0;
    if (dots(op.value().last) || dots(np.value().last)) r = EBUSY;
    vfs::Dentry* d = r ? nullptr : vfs::d_lookup(op.value().dir.dentry, op.value().last);
    if (!r && !d) r = ENOENT;
    if (!r) r = errno_of(vfs::rename(d, np.value().dir.dentry, np.value().last, flags));
    vfs::path_put(op.value().dir);
    vfs::path_put(np.value().dir);
    return r;
}

int truncate(const std::string& path, u64 size) {
    auto i = inode_at(path);
    if (i.is_error()) return i.error();
    if (vfs::is_dir(i.value()->mode)) return EISDIR;
    return errno_of(i.value()->sb->ops->setsize(*i.value(), size));
}

Result<vfs::Inode*> inode_at(const std::string& path, bool follow) {
    context();
    SpinLockGuard g(vfs::tree_lock());
    vfs::Path p = TRY(vfs::walk(vfs::Origin{&context()}.start(), StrView(path.data(), path.size()),
                                follow ? vfs::WALK_FOLLOW : 0u));
    vfs::Inode* inode = p.dentry->inode;
    vfs::path_put(p);  // the tree keeps it while the test does not change it
    return inode;
}

int list(const std::string& path, std::vector<std::string>& names, usize buf_size,
         void (*between)(int call)) {
    auto f = open_file(path, vfs::O_RDONLY | vfs::O_DIRECTORY);
    if (f.is_error()) return f.error();
    std::vector<char> buf(buf_size);
    names.clear();
    int r = 0;
    for (int call = 0;; ++call) {
        vfs::IoSeg seg;
        auto n =
            vfs::dcache_getdents(*f.value(), vfs::IoBuf::kernel_range(seg, buf.data(), buf.size()));
        if (n.is_error()) {
            r = n.error();
            break;
        }
        if (n.value() == 0) break;
        for (u64 off = 0; off < n.value();) {
            u16 reclen;
            std::memcpy(&reclen, buf.data() + off + 16, 2);
            names.emplace_back(buf.data() + off + 19);
            off += reclen;
        }
        if (between) between(call);
    }
    vfs::file_put(f.value());
    return r;
}

int chdir(const std::string& path) {
    context();
    SpinLockGuard g(vfs::tree_lock());
    auto p = vfs::walk(vfs::Origin{&context()}.start(), StrView(path.data(), path.size()),
                       vfs::WALK_FOLLOW | vfs::WALK_DIRECTORY);
    if (p.is_error()) return p.error();
    vfs::path_put(context().cwd);
    context().cwd = p.value();
    return 0;
}

std::string getcwd() {
    char buf[4096];
    context();
    SpinLockGuard g(vfs::tree_lock());
    auto n = vfs::path_name(context().root, context().cwd, buf, sizeof buf);
    if (n.is_error()) return std::string("E") + std::to_string(n.error());
    return std::string(buf);
}

}  // namespace sandbox

// fs/poll/epoll.cc is not part of the host VFS tests: they make no epoll instance, so no
// File ever has items for it to drop.
void vfs::eventpoll_release(vfs::File&) {}
