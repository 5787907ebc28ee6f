// tests/unit/ext4_write_test.cc — Larch writes ext4 images; e2fsck -fn and debugfs must agree with what it did.
// UNIT_SOURCES: kernel/fs/ext4/fs.cc kernel/fs/ext4/superblock.cc kernel/fs/ext4/cache.cc kernel/fs/ext4/checksum.cc kernel/fs/ext4/extent.cc kernel/fs/ext4/alloc.cc kernel/fs/ext4/dir.cc kernel/fs/ext4/hash.cc kernel/fs/ext4/htree.cc kernel/fs/ext4/file.cc kernel/fs/ext4/namei.cc kernel/fs/jbd2/journal.cc kernel/fs/jbd2/recovery.cc kernel/lib/crc.cc kernel/lib/format.cc kernel/lib/log.cc kernel/lib/errno.cc tests/unit/host/malloc_heap.cc tests/unit/host/file_block_device.cc tests/unit/host/ext4_image.cc
#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <sys/stat.h>

#include <cstring>
#include <fstream>

#include "fs/ext4/fs.hh"
#include "host/ext4_image.hh"
#include "host/file_block_device.hh"

namespace {

u32 clock_now() { return 1700000000u; }

ext4::Fs* mount_rw(fs::BlockDevice& dev, bool skip_checkpoint = false) {
    auto fs = ext4::Fs::mount(
        dev, {.read_only = false, .clock = clock_now, .skip_checkpoint = skip_checkpoint});
    cr_assert(fs.has_value(), "mount: errno %d", fs.error());
    return fs.value();
}

template <typename T>
T ok(Result<T> r, const char* what) {
    cr_assert(r.has_value(), "%s: errno %d", what, r.error());
    return r.release_value();
}
void ok(Result<void> r, const char* what) {
    cr_assert(r.has_value(), "%s: errno %d", what, r.error());
}

void expect_clean(const std::string& img) {
    Shell r = fsck(img);
    cr_assert(eq(int, r.status, 0), "e2fsck -fn:\n%s", r.output.c_str());
}

std::string larch_cat(ext4::Fs* fs, const char* path) {
    u32 ino = ok(fs->resolve(path), path);
    std::string s(fs->read_inode(ino).value().size(), '\0');
    usize n = ok(fs->read(ino, 0, s.data(), s.size()), path);
    s.resize(n);
    return s;
}

/// A sequence of every kind of change, on an image of @p block_size.
void all_operations(const std::string& mkfs_options) {
    Scratch dir;
    make_tree(dir.path + "/src", 5);
    std::string img = dir.path + "/a.img";
    mkfs(img, 48, mkfs_options, dir.path + "/src");
    auto dev = FileBlockDevice::open(img);
    ext4::Fs* fs = mount_rw(*dev);
    const u32 root = ext4::ROOT_INO;

    u32 d = ok(fs->mkdir(root, "scratch", 0755), "mkdir");
    u32 sub = ok(fs->mkdir(d, "sub", 0700), "mkdir sub");
    std::string small = "hello, ext4\n", big = random_bytes(200000, 3);
    u32 f = ok(fs->create(d, "small", 0644), "create");
    ok(fs->write(f, 0, small.data(), small.size()), "write");
    u32 g = ok(fs->create(sub, "big", 0600), "create big");
    ok(fs->write(g, 0, big.data(), big.size()), "write big");
    // Two files written a block at a time in turn: hundreds of extents each, a deep tree.
    u32 a = ok(fs->create(d, "frag-a", 0644), "create");
    u32 b = ok(fs->create(d, "frag-b", 0644), "create");
    std::string fa = random_bytes(1024 * 900, 4), fb = random_bytes(1024 * 900, 5);
    for (usize off = 0; off < fa.size(); off += 1024) {
        ok(fs->write(a, off, fa.data() + off, 1024), "write a");
        ok(fs->write(b, off, fb.data() + off, 1024), "write b");
    }
    ok(fs->truncate(b, 300000), "truncate b");
    fb.resize(300000);
    ok(fs->truncate(f, 5), "truncate small");
    small.resize(5);
    ok(fs->truncate(f, 10), "grow small");
    small.resize(10, '\0');
    ok(fs->symlink(d, "fast", "small"), "symlink");
    std::string far = "/" + std::string(300, 'x');
    ok(fs->symlink(d, "slow", far.c_str()), "slow symlink");
    ok(fs->link(f, sub, "small-again"), "link");
    ok(fs->rename(d, "frag-b", sub, "moved-b"), "rename across");
    ok(fs->rename(sub, "small-again", d, "frag-a"),
       "rename over a file");  // frag-a's last link goes
    u32 gone = ok(fs->mkdir(d, "gone", 0755), "mkdir gone");
    ok(fs->create(gone, "x", 0644), "create x");
    cr_assert(eq(int, fs->rmdir(d, "gone").error(), ENOTEMPTY));
    ok(fs->unlink(gone, "x"), "unlink x");
    ok(fs->rmdir(d, "gone"), "rmdir");
    ok(fs->rename(d, "sub", root, "sub-at-root"), "rename a directory");
    cr_assert(eq(int, fs->create(d, "small", 0644).error(), EEXIST));
    cr_assert(eq(int, fs->unlink(d, "nope").error(), ENOENT));
    cr_assert(eq(int, fs->rmdir(root, "scratch").error(), ENOTEMPTY));
    cr_assert(eq(int, fs->rename(root, "sub-at-root", sub, "x").error(), EINVAL));
    ok(fs->unlink(fs->resolve("/etc").value(), "file0-0"), "unlink from the image");
    ok(fs->unmount(), "unmount");

    expect_clean(img);
    cr_assert(eq(str, debugfs(img, "cat /scratch/small"), small));
    cr_assert(debugfs(img, "cat /sub-at-root/big") == big, "big differs under debugfs");
    cr_assert(debugfs(img, "cat /sub-at-root/moved-b") == fb, "moved-b differs under debugfs");
    cr_assert(debugfs(img, "cat /scratch/frag-a") == small, "frag-a is not small's link");

    ext4::Fs* again = mount_rw(*dev);
    cr_assert(larch_cat(again, "/sub-at-root/moved-b") == fb);
    char buf[512];
    usize n =
        ok(again->readlink(again->resolve("/scratch/slow").value(), buf, sizeof buf), "readlink");
    cr_assert(eq(str, std::string(buf, n), far));
    cr_assert(eq(u32, again->resolve("/sub-at-root/..").value(), root));
    // 2, and one for each subdirectory: lost+found, etc, usr, var, empty, scratch, sub-at-root.
    cr_assert(eq(u16, again->read_inode(root).value().links(), 9));
    ok(again->unmount(), "unmount");
    expect_clean(img);
}

}  // namespace

Test(ext4_write, all_operations_4k) { all_operations("-b 4096"); }
Test(ext4_write, all_operations_1k) { all_operations("-b 1024"); }
Test(ext4_write, all_operations_without_journal_or_csum) {
    all_operations("-b 1024 -O ^has_journal,^metadata_csum");
}

Test(ext4_write, htree_inserts_split_leaves) {
    Scratch dir;
    std::string src = dir.path + "/src";
    mkdir(src.c_str(), 0755);
    mkdir((src + "/big").c_str(), 0755);
    for (int i = 0; i < 400; i++) std::ofstream(src + "/big/old-" + std::to_string(i)) << i;
    std::string img = dir.path + "/a.img";
    mkfs(img, 16, "-b 1024", src);
    Shell r = run("e2fsck -fyD '" + img + "'");
    cr_assert(r.status == 0 || r.status == 1, "e2fsck -D: %s", r.output.c_str());
    auto dev = FileBlockDevice::open(img);
    ext4::Fs* fs = mount_rw(*dev);
    u32 big = fs->resolve("/big").value();
    for (int i = 0; i < 1500; i++) {
        std::string name = "new-entry-with-a-longer-name-" + std::to_string(i);
        ok(fs->create(big, name.c_str(), 0644), name.c_str());
    }
    for (int i = 0; i < 400; i += 3)
        ok(fs->unlink(big, ("old-" + std::to_string(i)).c_str()), "unlink");
    for (int i = 0; i < 1500; i++)
        ok(fs->lookup(big, ("new-entry-with-a-longer-name-" + std::to_string(i)).c_str()),
           "lookup");
    ok(fs->unmount(), "unmount");
    expect_clean(img);
    cr_assert(debugfs(img, "ls /big").find("new-entry-with-a-longer-name-1499") !=
              std::string::npos);
}

Test(ext4_write, larch_journal_is_replayed_by_e2fsck) {
    Scratch dir;
    std::string img = dir.path + "/a.img";
    mkfs(img, 16, "-b 1024");
    auto dev = FileBlockDevice::open(img);
    ext4::Fs* fs = mount_rw(*dev, true);
    u32 d = ok(fs->mkdir(ext4::ROOT_INO, "journaled", 0755), "mkdir");
    u32 f = ok(fs->create(d, "data", 0644), "create");
    std::string data = random_bytes(5000, 9);
    ok(fs->write(f, 0, data.data(), data.size()), "write");
    ok(fs->sync(), "sync");  // committed to the journal, not written in place
    fs->abandon();           // the crash
    cr_assert(debugfs(img, "ls /").find("journaled") == std::string::npos,
              "written in place already");
    Shell r = run("e2fsck -fy '" + img + "'");
    cr_assert(r.status == 0 || r.status == 1, "e2fsck -fy:\n%s", r.output.c_str());
    expect_clean(img);
    cr_assert(debugfs(img, "cat /journaled/data") == data, "replayed data differs");
}

Test(ext4_write, larch_replays_its_own_journal) {
    Scratch dir;
    std::string img = dir.path + "/a.img";
    mkfs(img, 16, "");
    auto dev = FileBlockDevice::open(img);
    ext4::Fs* fs = mount_rw(*dev, true);
    u32 f = ok(fs->create(ext4::ROOT_INO, "f", 0644), "create");
    ok(fs->write(f, 0, "journal", 7), "write");
    ok(fs->sync(), "sync");
    fs->abandon();
    ext4::Fs* again = mount_rw(*dev);
    cr_assert(eq(str, larch_cat(again, "/f"), "journal"));
    ok(again->unmount(), "unmount");
    expect_clean(img);
}

Test(ext4_write, debugfs_journal_is_replayed_by_larch) {
    Scratch dir;
    std::string src = dir.path + "/src";
    mkdir(src.c_str(), 0755);
    std::ofstream(src + "/a") << std::string(4096, 'a');
    std::ofstream(src + "/b") << std::string(4096, 'b');
    std::string img = dir.path + "/a.img";
    mkfs(img, 16, "-b 4096", src);
    auto block_of = [&](const char* path) {
        return std::stoul(debugfs(img, std::string("bmap ") + path + " 0"));
    };
    unsigned long ba = block_of("/a"), bb = block_of("/b");
    std::ofstream(dir.path + "/two") << std::string(4096, 'X') << std::string(4096, 'Y');
    std::ofstream(dir.path + "/one") << std::string(4096, 'Z');
    std::string blocks = std::to_string(ba) + "," + std::to_string(bb);
    std::string cmds = "jo -c\njw -b " + blocks + " " + dir.path + "/two\njw -r " +
                       std::to_string(bb) + " /dev/null\njw -b " + std::to_string(ba) + " -c " +
                       dir.path + "/one\njc\n";
    std::ofstream(dir.path + "/cmds") << cmds;
    Shell w = run("debugfs -w -f '" + dir.path + "/cmds' '" + img + "'");
    cr_assert(eq(int, w.status, 0), "debugfs:\n%s", w.output.c_str());
    cr_assert(debugfs(img, "logdump").find("Found expected sequence") != std::string::npos, "%s",
              debugfs(img, "logdump").c_str());

    auto dev = FileBlockDevice::open(img);
    ext4::Fs* fs = mount_rw(*dev);
    // a: the committed copy X (the uncommitted Z is not replayed); b: revoked, stays b.
    cr_assert(eq(str, larch_cat(fs, "/a"), std::string(4096, 'X')));
    cr_assert(eq(str, larch_cat(fs, "/b"), std::string(4096, 'b')));
    ok(fs->unmount(), "unmount");
    expect_clean(img);
}

// Blocks freed by a transaction that has not committed yet are not handed out again:
// file data goes to the disk at once, and after a crash the old owner is back.
Test(ext4_write, freed_blocks_wait_for_the_commit) {
    Scratch dir;
    std::string img = dir.path + "/a.img";
    mkfs(img, 16, "-b 1024");
    auto dev = FileBlockDevice::open(img);
    ext4::Fs* fs = mount_rw(*dev);
    std::string old_data(20000, 'a'), new_data(20000, 'b');
    u32 a = ok(fs->create(ext4::ROOT_INO, "a", 0644), "create");
    ok(fs->write(a, 0, old_data.data(), old_data.size()), "write a");
    ok(fs->sync(), "sync");
    ok(fs->unlink(ext4::ROOT_INO, "a"), "unlink");
    u32 b = ok(fs->create(ext4::ROOT_INO, "b", 0644), "create b");
    ok(fs->write(b, 0, new_data.data(), new_data.size()), "write b");
    fs->abandon();  // the crash: neither the unlink nor b was committed
    ext4::Fs* again = mount_rw(*dev);
    cr_assert(larch_cat(again, "/a") == old_data, "a was overwritten by b's data");
    ok(again->unmount(), "unmount");
    expect_clean(img);
}

Test(ext4_write, all_operations_gdt_csum_and_a_journal_without_checksums) {
    all_operations("-b 1024 -O ^metadata_csum,^64bit,uninit_bg");
}

// Extents allocated by fallocate read as zeros; writing into them is refused, not misdone.
Test(ext4_write, unwritten_extents) {
    Scratch dir;
    std::string img = dir.path + "/a.img";
    mkfs(img, 8, "-b 1024");
    run("debugfs -w -R 'write /dev/null f' '" + img + "'");
    run("debugfs -w -R 'fallocate /f 0 9' '" + img + "'");
    cr_assert(debugfs(img, "stat /f").find("[u]") != std::string::npos, "no unwritten extent: %s",
              debugfs(img, "stat /f").c_str());
    run("debugfs -w -R 'sif /f size 10240' '" + img + "'");
    auto dev = FileBlockDevice::open(img);
    ext4::Fs* fs = mount_rw(*dev);
    cr_assert(eq(str, larch_cat(fs, "/f"), std::string(10240, '\0')));
    u32 f = fs->resolve("/f").value();
    cr_assert(eq(int, fs->write(f, 100, "x", 1).error(), EOPNOTSUPP));
    ok(fs->unmount(), "unmount");
    expect_clean(img);
}

// Enough names that the index root fills: the tree grows a level, then its nodes split.
Test(ext4_write, htree_grows_a_level_and_splits_nodes, .timeout = 120) {
    Scratch dir;
    std::string src = dir.path + "/src";
    mkdir(src.c_str(), 0755);
    mkdir((src + "/big").c_str(), 0755);
    for (int i = 0; i < 100; i++) std::ofstream(src + "/big/old-" + std::to_string(i)) << i;
    std::string img = dir.path + "/a.img";
    mkfs(img, 32, "-b 1024 -N 12000", src);
    Shell r = run("e2fsck -fyD '" + img + "'");
    cr_assert(r.status == 0 || r.status == 1, "e2fsck -D: %s", r.output.c_str());
    auto dev = FileBlockDevice::open(img);
    ext4::Fs* fs = mount_rw(*dev);
    u32 big = fs->resolve("/big").value();
    const int N = 4000;
    auto name = [](int i) {
        return "a-rather-long-name-to-fill-leaves-quickly-" + std::to_string(i * 7);
    };
    for (int i = 0; i < N; i++) ok(fs->create(big, name(i).c_str(), 0644), "create");
    for (int i = 0; i < N; i++) ok(fs->lookup(big, name(i).c_str()), "lookup");
    ok(fs->unmount(), "unmount");
    expect_clean(img);
    std::string h = debugfs(img, "htree /big");
    cr_assert(h.find("Indirect levels: 1") != std::string::npos, "%s", h.substr(0, 400).c_str());
    cr_assert(debugfs(img, "ls /big").find(name(N - 1)) != std::string::npos);
}

// A directory Larch made becomes indexed when its first block fills, as under Linux.
Test(ext4_write, a_growing_directory_becomes_indexed) {
    Scratch dir;
    std::string img = dir.path + "/a.img";
    mkfs(img, 16, "-b 1024");
    auto dev = FileBlockDevice::open(img);
    ext4::Fs* fs = mount_rw(*dev);
    u32 d = ok(fs->mkdir(ext4::ROOT_INO, "many", 0755), "mkdir");
    for (int i = 0; i < 1500; i++)
        ok(fs->create(d, ("name-" + std::to_string(i)).c_str(), 0644), "create");
    u32 flags = fs->read_inode(d).value().flags();
    cr_assert(ne(u32, flags & ext4::ino::FLAG_INDEX, 0u), "not indexed");
    for (int i = 0; i < 1500; i += 2)
        ok(fs->unlink(d, ("name-" + std::to_string(i)).c_str()), "unlink");
    for (int i = 1; i < 1500; i += 2)
        ok(fs->lookup(d, ("name-" + std::to_string(i)).c_str()), "lookup");
    cr_assert(eq(int, fs->lookup(d, "name-0").error(), ENOENT));
    ok(fs->unmount(), "unmount");
    expect_clean(img);
    cr_assert(debugfs(img, "htree /many").find("Root node dump") != std::string::npos);
    cr_assert(debugfs(img, "ls /many").find("name-1499") != std::string::npos);
}
