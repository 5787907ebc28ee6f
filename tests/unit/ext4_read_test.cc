// tests/unit/ext4_read_test.cc — ext4 images made by mkfs.ext4 -d, read by Larch and compared with their source tree.
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

std::string read_all(ext4::Fs* fs, u32 ino) {
    ext4::Inode in = fs->read_inode(ino).value();
    std::string s(in.size(), '\0');
    auto n = fs->read(ino, 0, s.data(), s.size());
    cr_assert(n.has_value(), "read of inode %u: errno %d", ino, n.error());
    cr_assert(eq(u64, n.value(), s.size()));
    return s;
}

/// Every entry of the tree reads back the same through Larch.
void compare(ext4::Fs* fs, const Tree& tree) {
    for (const auto& [rel, want] : tree.entries) {
        auto ino = fs->resolve(("/" + rel).c_str());
        cr_assert(ino.has_value(), "/%s: errno %d", rel.c_str(), ino.error());
        ext4::Inode in = fs->read_inode(ino.value()).value();
        if (want == "/") {
            cr_assert(in.is_dir(), "/%s is not a directory", rel.c_str());
        } else if (want.rfind("->", 0) == 0) {
            char buf[4096];
            usize n = fs->readlink(ino.value(), buf, sizeof buf).value();
            cr_assert(eq(str, std::string(buf, n), want.substr(2)), "/%s", rel.c_str());
        } else {
            cr_assert(in.is_reg());
            cr_assert(read_all(fs, ino.value()) == want, "/%s differs", rel.c_str());
        }
    }
    for (const auto& [a, b] : tree.hard_links)
        cr_assert(eq(u32, fs->resolve(("/" + a).c_str()).value(),
                     fs->resolve(("/" + b).c_str()).value()));
}

void read_back(const std::string& options) {
    Scratch dir;
    Tree tree = make_tree(dir.path + "/src", 11);
    std::string img = dir.path + "/a.img";
    mkfs(img, 32, options, dir.path + "/src");
    auto dev = FileBlockDevice::open(img);
    auto fs = ext4::Fs::mount(*dev, {.read_only = true});
    cr_assert(fs.has_value(), "mount: errno %d", fs.error());
    compare(fs.value(), tree);
    // readdir of a directory lists what the tree put there, plus "." and "..".
    int entries = 0;
    cr_assert(fs.value()
                  ->readdir(fs.value()->resolve("/usr").value(),
                            [&](const ext4::DirEntry&) -> Result<bool> {
                                entries++;
                                return true;
                            })
                  .has_value());
    cr_assert(eq(int, entries, 4));  // ., .., bin, share
    cr_assert(fs.value()->unmount().has_value());
    cr_assert(eq(u64, dev->writes, 0));
}

}  // namespace

Test(ext4_read, default_features_4k) { read_back("-b 4096"); }
Test(ext4_read, default_features_1k) { read_back("-b 1024"); }
Test(ext4_read, without_journal_or_metadata_csum) { read_back("-O ^has_journal,^metadata_csum"); }
Test(ext4_read, gdt_csum_32bit_descriptors) { read_back("-O ^metadata_csum,^64bit,uninit_bg"); }

Test(ext4_read, htree_lookup_after_e2fsck_indexes) {
    Scratch dir;
    std::string src = dir.path + "/src";
    mkdir(src.c_str(), 0755);
    mkdir((src + "/big").c_str(), 0755);
    for (int i = 0; i < 1200; i++)
        std::ofstream(src + "/big/entry-" + std::to_string(i * 7919)) << i;
    std::string img = dir.path + "/a.img";
    mkfs(img, 32, "-b 1024", src);
    Shell r = run("e2fsck -fyD '" + img + "'");
    cr_assert(r.status == 0 || r.status == 1, "e2fsck -D: %s", r.output.c_str());
    auto dev = FileBlockDevice::open(img);
    ext4::Fs* fs = ext4::Fs::mount(*dev, {.read_only = true}).value();
    u32 big = fs->resolve("/big").value();
    u32 flags = fs->read_inode(big).value().flags();
    cr_assert(ne(u32, flags & ext4::ino::FLAG_INDEX, 0u), "not indexed");
    for (int i = 0; i < 1200; i++) {
        std::string name = "entry-" + std::to_string(i * 7919);
        auto ino = fs->lookup(big, name.c_str());
        cr_assert(ino.has_value(), "%s: errno %d", name.c_str(), ino.error());
        char buf[16];
        usize n = fs->read(ino.value(), 0, buf, sizeof buf).value();
        cr_assert(eq(str, std::string(buf, n), std::to_string(i)));
    }
    cr_assert(eq(int, fs->lookup(big, "entry-1").error(), ENOENT));
    cr_assert(fs->unmount().has_value());
}

Test(ext4_read, malformed_superblocks_are_refused) {
    Scratch dir;
    std::string img = dir.path + "/a.img";
    mkfs(img, 8, "");
    auto dev = FileBlockDevice::open(img);
    u8 sb[1024];
    cr_assert(dev->read(2, 2, sb).has_value());
    struct Case {
        u32 offset;
        u8 value;
        int err;
    } cases[] = {
        {0x38, 0x00, EUCLEAN},  // magic
        {0x10, 0x99, EUCLEAN},  // free inodes: breaks only the checksum
        {0x60, 0x00, EUCLEAN},  // an incompat bit changed without the checksum
    };
    for (const Case& c : cases) {
        u8 bad[1024];
        std::memcpy(bad, sb, sizeof bad);
        bad[c.offset] = c.value;
        cr_assert(dev->write(2, 2, bad).has_value());
        auto fs = ext4::Fs::mount(*dev, {});
        cr_assert(fs.is_error(), "offset %#x accepted", c.offset);
        cr_assert(eq(int, fs.error(), c.err));
    }
    cr_assert(dev->write(2, 2, sb).has_value());
    auto fs = ext4::Fs::mount(*dev, {.read_only = true});
    cr_assert(fs.has_value());
    cr_assert(fs.value()->unmount().has_value());
}

// Unknown incompat features refuse the mount; unknown ro_compat ones mount read-only.
Test(ext4_read, feature_flags_are_checked) {
    Scratch dir;
    std::string img = dir.path + "/a.img";
    mkfs(img, 8, "");
    auto dev = FileBlockDevice::open(img);
    u8 sb[1024], changed[1024];
    cr_assert(dev->read(2, 2, sb).has_value());
    auto with = [&](u32 offset, u32 bit) {
        std::memcpy(changed, sb, sizeof sb);
        u32 v;
        std::memcpy(&v, changed + offset, 4);
        v |= bit;
        std::memcpy(changed + offset, &v, 4);
        u32 c = ext4::superblock_checksum(changed);
        std::memcpy(changed + ext4::sb::checksum, &c, 4);
        cr_assert(dev->write(2, 2, changed).has_value());
    };
    with(ext4::sb::feature_incompat, 0x10000);  // encrypt
    cr_assert(eq(int, ext4::Fs::mount(*dev, {}).error(), EINVAL));
    with(ext4::sb::feature_ro_compat, 0x8000);  // verity
    ext4::Fs* fs = ext4::Fs::mount(*dev, {}).value();
    cr_assert(fs->read_only());
    cr_assert(eq(int, fs->create(ext4::ROOT_INO, "x", 0644).error(), EROFS));
    cr_assert(fs->unmount().has_value());
    cr_assert(dev->write(2, 2, sb).has_value());
}
