// tests/unit/vfs_walk_test.cc — the path walk and the dentry cache over tmpfs.
//
// Absolute and relative paths, ".", ".." (stopping at the root, crossing back over a
// mount), symbolic links (relative, absolute, 40 deep and then ELOOP), trailing slashes,
// ENOTDIR and ENAMETOOLONG; the dentry hash after renames; getdents64 offsets that stay
// valid while entries are deleted; getcwd's names; a file unlinked while open.
// UNIT_SOURCES: kernel/fs/vfs/io.cc kernel/fs/vfs/inode.cc kernel/fs/vfs/dentry.cc kernel/fs/vfs/mount.cc kernel/fs/vfs/namei.cc kernel/fs/vfs/permission.cc kernel/fs/vfs/namespace.cc kernel/fs/vfs/file.cc kernel/fs/vfs/readdir.cc kernel/fs/vfs/open.cc kernel/fs/vfs/blkdev.cc kernel/fs/vfs/fs_context.cc kernel/fs/vfs/page_index.cc kernel/fs/tmpfs/tmpfs.cc kernel/fs/tmpfs/file.cc tests/unit/host/no_user_memory.cc kernel/lib/errno.cc kernel/lib/format.cc tests/unit/host/malloc_heap.cc tests/unit/host/vfs_sandbox.cc
#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include <algorithm>

#include "support/unit.hh"  // first: its libc headers define macros vfs/flags.hh undoes

#include "host/vfs_sandbox.hh"

namespace {

// The inode number a path names, or minus its errno.
long ino(const std::string& path, bool follow = true) {
    auto i = sandbox::inode_at(path, follow);
    return i.is_error() ? -long(i.error()) : long(i.value()->ino);
}

void tree() {
    sandbox::context();
    cr_assert(eq(int, sandbox::mkdir("/a"), 0));
    cr_assert(eq(int, sandbox::mkdir("/a/b"), 0));
    cr_assert(eq(int, sandbox::write_at("/a/b/f", 0, "data"), 0));
    cr_assert(eq(int, sandbox::mkdir("/m"), 0));
}

}  // namespace

Test(vfs_walk, absolute_relative_and_dots) {
    tree();
    long f = ino("/a/b/f");
    cr_assert(gt(long, f, 0));
    cr_assert(eq(long, ino("//a///b/./f"), f));
    cr_assert(eq(long, ino("/a/b/../b/f"), f));
    cr_assert(eq(long, ino("/../../a/b/f"), f), "\"..\" at the root stays there");
    cr_assert(eq(int, sandbox::chdir("/a"), 0));
    cr_assert(eq(long, ino("b/f"), f));
    cr_assert(eq(long, ino("./b/../b/f"), f));
    cr_assert(eq(long, ino("../a/b/f"), f));
    cr_assert(eq(str, (char*)sandbox::getcwd().c_str(), (char*)"/a"));
    cr_assert(eq(long, ino("b/missing"), -long(ENOENT)));
    cr_assert(eq(long, ino("b/f/x"), -long(ENOTDIR)));
    cr_assert(eq(long, ino("b/f/"), -long(ENOTDIR)));
    cr_assert(eq(long, ino("b/"), ino("/a/b")));
    cr_assert(eq(long, ino(""), -long(ENOENT)));
    cr_assert(eq(long, ino("/" + std::string(256, 'x')), -long(ENAMETOOLONG)));
    cr_assert(eq(long, ino("/" + std::string(255, 'x')), -long(ENOENT)));
}

Test(vfs_walk, dotdot_crosses_mounts) {
    tree();
    long root = ino("/");
    long m = ino("/m");
    cr_assert(eq(int, sandbox::mount_tmpfs("/m"), 0));
    long mounted = ino("/m");
    cr_assert(ne(long, mounted, m), "the walk goes through the mount");
    cr_assert(eq(int, sandbox::mkdir("/m/x"), 0));
    cr_assert(eq(long, ino("/m/x/../.."), root),
              "\"..\" from the mount's root is the mountpoint's parent");
    cr_assert(eq(int, sandbox::chdir("/m/x"), 0));
    cr_assert(eq(str, (char*)sandbox::getcwd().c_str(), (char*)"/m/x"));
    cr_assert(eq(long, ino("../../a/b/f"), ino("/a/b/f")));
    cr_assert(eq(int, sandbox::rmdir("/m"), EBUSY), "a mountpoint is busy");
    cr_assert(eq(int, sandbox::rename("/a/b/f", "/m/f"), EXDEV));
    cr_assert(eq(int, sandbox::link("/a/b/f", "/m/f"), EXDEV));
}

Test(vfs_walk, symlinks) {
    tree();
    long f = ino("/a/b/f");
    cr_assert(eq(int, sandbox::symlink("b/f", "/a/rel"), 0));
    cr_assert(eq(int, sandbox::symlink("/a/b", "/abs"), 0));
    cr_assert(eq(long, ino("/a/rel"), f));
    cr_assert(eq(long, ino("/abs/f"), f));
    cr_assert(ne(long, ino("/a/rel", false), f), "without FOLLOW the last link is itself");
    cr_assert(eq(long, ino("/abs/"), ino("/a/b")), "a trailing slash follows");
    cr_assert(eq(int, sandbox::symlink("loop", "/loop"), 0));
    cr_assert(eq(long, ino("/loop"), -long(ELOOP)));
    cr_assert(eq(int, sandbox::symlink("missing", "/dangling"), 0));
    cr_assert(eq(long, ino("/dangling"), -long(ENOENT)));
    // A chain of 40 links resolves; 41 is ELOOP.
    for (int i = 1; i <= 41; ++i)
        cr_assert(eq(int,
                     sandbox::symlink(i == 1 ? "/a/b/f" : "/l" + std::to_string(i - 1),
                                      "/l" + std::to_string(i)),
                     0));
    cr_assert(eq(long, ino("/l40"), f));
    cr_assert(eq(long, ino("/l41"), -long(ELOOP)));
    auto file = sandbox::open_file("/a/rel", vfs::O_RDONLY | vfs::O_NOFOLLOW);
    cr_assert(eq(int, sandbox::errno_of(file), ELOOP));
    auto path = sandbox::open_file("/a/rel", vfs::O_PATH | vfs::O_NOFOLLOW);
    cr_assert(eq(int, sandbox::errno_of(path), 0), "O_PATH|O_NOFOLLOW opens the link itself");
    vfs::file_put(path.value());
}

Test(vfs_walk, dcache_after_rename) {
    tree();
    long f = ino("/a/b/f");
    cr_assert(eq(int, sandbox::rename("/a/b", "/a/c"), 0));
    cr_assert(eq(long, ino("/a/b/f"), -long(ENOENT)));
    cr_assert(eq(long, ino("/a/c/f"), f));
    cr_assert(eq(int, sandbox::rename("/a/c/f", "/g"), 0));
    cr_assert(eq(long, ino("/g"), f));
    cr_assert(eq(int, sandbox::rename("/a", "/a/c/x"), EINVAL), "a directory into itself");
    cr_assert(eq(int, sandbox::rename("/g", "/a", vfs::RENAME_NOREPLACE), EEXIST));
    cr_assert(eq(int, sandbox::rename("/g", "/a", vfs::RENAME_EXCHANGE), 0));
    cr_assert(eq(long, ino("/a"), f));
    cr_assert(eq(long, ino("/g/c"), ino("/g/c/.")));
    cr_assert(eq(int, sandbox::inode_at("/").value()->nlink, 4u),
              "/, and .. of /g, /m... : 2 + 2 directories");
}

Test(vfs_walk, getdents_offsets_survive_deletion) {
    sandbox::context();
    cr_assert(eq(int, sandbox::mkdir("/d"), 0));
    for (int i = 0; i < 200; ++i)
        cr_assert(eq(int, sandbox::write_at("/d/n" + std::to_string(i), 0, "x"), 0));
    std::vector<std::string> names;
    cr_assert(eq(int,
                 sandbox::list("/d", names, 128,
                               [](int call) {
                                   // Delete the entries after the ones just seen, every other one.
                                   for (int i = call * 3; i < 200; i += 7)
                                       (void)sandbox::unlink("/d/n" + std::to_string(i));
                               }),
                 0));
    std::vector<std::string> sorted = names;
    std::sort(sorted.begin(), sorted.end());
    cr_assert(
        eq(sz, size_t(std::unique(sorted.begin(), sorted.end()) - sorted.begin()), names.size()),
        "no name twice");
    std::vector<std::string> after;
    cr_assert(eq(int, sandbox::list("/d", after), 0));
    for (const std::string& n : after)
        cr_assert(std::find(names.begin(), names.end(), n) != names.end(),
                  "survivor %s was skipped", n.c_str());
    cr_assert(eq(int, sandbox::list("/d", after, 8), EINVAL), "a buffer too small for one record");
}

Test(vfs_walk, unlinked_while_open) {
    sandbox::context();
    cr_assert(eq(int, sandbox::write_at("/f", 0, "hello"), 0));
    auto f = sandbox::open_file("/f", vfs::O_RDWR);
    cr_assert(eq(int, sandbox::errno_of(f), 0));
    cr_assert(eq(int, sandbox::unlink("/f"), 0));
    cr_assert(eq(long, ino("/f"), -long(ENOENT)));
    char buf[8] = {};
    vfs::IoSeg seg;
    u64 pos = 0;
    auto n = f.value()->ops->read(*f.value(), vfs::IoBuf::kernel_range(seg, buf, sizeof buf), &pos);
    cr_assert(eq(u64, n.value(), 5u));
    cr_assert(eq(str, buf, (char*)"hello"));
    cr_assert(eq(u32, f.value()->inode->nlink, 0u));
    vfs::file_put(f.value());  // frees the inode (ASan checks)
    cr_assert(eq(int, sandbox::mkdir("/gone"), 0));
    cr_assert(eq(int, sandbox::chdir("/gone"), 0));
    cr_assert(eq(int, sandbox::rmdir("/gone"), 0));
    cr_assert(eq(str, (char*)sandbox::getcwd().c_str(), (char*)"E2"),
              "getcwd in a removed directory");
    cr_assert(eq(long, ino("x"), -long(ENOENT)));
}
