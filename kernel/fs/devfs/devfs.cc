// kernel/fs/devfs/devfs.cc — making /dev (devfs.hh).
#include "fs/devfs/devfs.hh"

#include "drivers/block/registry.hh"
#include "fs/tmpfs/tmpfs.hh"
#include "fs/vfs/namespace.hh"

namespace devfs {
namespace {

struct Node {
    const char* name;
    u64 rdev;
    u32 mode;
};
constexpr usize MAX_NODES = 16;
Node extra[MAX_NODES];
usize extra_count = 0;

struct Link {
    const char* name;
    const char* target;
};
constexpr Link links[] = {
    {"fd", "/proc/self/fd"},
    {"stdin", "/proc/self/fd/0"},
    {"stdout", "/proc/self/fd/1"},
    {"stderr", "/proc/self/fd/2"},
};

vfs::Dentry* pts = nullptr;  // /dev/pts

}  // namespace

vfs::Dentry* pts_dir() { return pts; }

Result<void> add_device(const char* name, u64 rdev, u32 mode, const vfs::FileOps* ops) {
    if (extra_count == MAX_NODES) return Error(ENOMEM);
    TRY(vfs::register_chrdev(rdev, ops));
    extra[extra_count++] = Node{name, rdev, mode};
    return {};
}

Result<vfs::Dentry*> make() {
    vfs::Dentry* root = nullptr;
    TRY(tmpfs::make("devtmpfs", 0755, &root));
    block::probe();  // the disks, before the lock: it sleeps
    SpinLockGuard g(vfs::tree_lock());
    vfs::Creator who{};
    for (usize i = 0; i < memory_device_count; ++i) {
        const Device& d = memory_devices[i];
        u64 rdev = vfs::make_dev(1, d.minor);
        if (!vfs::chrdev_ops(rdev)) TRY(vfs::register_chrdev(rdev, d.ops));
        TRY(vfs::create(root, d.name, vfs::S_IFCHR | 0666, rdev, who));
    }
    for (usize i = 0; i < extra_count; ++i)
        TRY(vfs::create(root, extra[i].name, vfs::S_IFCHR | extra[i].mode, extra[i].rdev, who));
    TRY(add_block_nodes(root));
    for (const Link& l : links) TRY(vfs::symlink(root, l.name, l.target, who));
    TRY(vfs::create(root, "shm", vfs::S_IFDIR | 01777, 0, who));
    pts = TRY(vfs::create(root, "pts", vfs::S_IFDIR | 0755, 0, who));
    return root;
}

}  // namespace devfs
