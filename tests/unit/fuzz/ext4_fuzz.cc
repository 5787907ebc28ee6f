// tests/unit/fuzz/ext4_fuzz.cc — libFuzzer target: ext4 and jbd2 on corrupted images.
//
// The base image is made once (mkfs.ext4 -d of a small tree, its big directory indexed
// by e2fsck -D, then a transaction that Larch commits to the journal and never writes
// in place, so that mounting replays it). An input is a list of 4-byte patches: which
// metadata block (one of the image's blocks that hold neither zeros nor file data),
// where in it, and the new byte. Each run mounts the patched copy, looks up, reads and
// lists, creates, writes, renames and removes, and unmounts. Every failure must be an
// errno (EUCLEAN, EIO, EINVAL, ...): a crash, a sanitizer report or a hang is a bug.
// UNIT_SOURCES: kernel/fs/ext4/fs.cc kernel/fs/ext4/superblock.cc kernel/fs/ext4/cache.cc kernel/fs/ext4/checksum.cc kernel/fs/ext4/extent.cc kernel/fs/ext4/alloc.cc kernel/fs/ext4/dir.cc kernel/fs/ext4/hash.cc kernel/fs/ext4/htree.cc kernel/fs/ext4/file.cc kernel/fs/ext4/namei.cc kernel/fs/jbd2/journal.cc kernel/fs/jbd2/recovery.cc kernel/lib/crc.cc kernel/lib/format.cc kernel/lib/log.cc kernel/lib/errno.cc tests/unit/host/malloc_heap.cc tests/unit/host/file_block_device.cc tests/unit/host/ext4_image.cc
#include <sys/stat.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "fs/ext4/fs.hh"
#include "host/ext4_image.hh"
#include "host/file_block_device.hh"
#include "support/fuzz_seed.hh"

namespace {

constexpr u32 BS = 1024;
constexpr char FILLER = '\xAB';  // the bytes of every file in the tree
std::vector<u8> base;
std::vector<u32> meta_blocks;

void make_base() {
    Scratch dir;
    std::string src = dir.path + "/src", img = dir.path + "/a.img";
    mkdir(src.c_str(), 0755);
    mkdir((src + "/dir").c_str(), 0755);
    mkdir((src + "/big").c_str(), 0755);
    std::ofstream(src + "/dir/small") << std::string(100, FILLER);
    std::ofstream(src + "/dir/large") << std::string(40000, FILLER);
    for (int i = 0; i < 150; i++)
        std::ofstream(src + "/big/f" + std::to_string(i)) << std::string(10, FILLER);
    symlink("small", (src + "/dir/fast").c_str());
    symlink(std::string(80, 'L').c_str(), (src + "/dir/slow").c_str());
    mkfs(img, 4, "-b 1024 -N 256", src);
    run("e2fsck -fyD '" + img + "'");
    {
        auto dev = FileBlockDevice::open(img);
        auto fs = ext4::Fs::mount(*dev, {.skip_checkpoint = true});
        if (fs.is_error()) std::abort();
        auto f = fs.value()->create(ext4::ROOT_INO, "journaled", 0644);
        if (f.is_error() || fs.value()->mkdir(ext4::ROOT_INO, "jdir", 0755).is_error())
            std::abort();
        std::string data(3000, FILLER);
        if (fs.value()->write(f.value(), 0, data.data(), data.size()).is_error()) std::abort();
        if (fs.value()->sync().is_error()) std::abort();
        fs.value()->abandon();
    }
    std::ifstream in(img, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string bytes = ss.str();
    base.assign(bytes.begin(), bytes.end());
    for (u32 b = 0; b < base.size() / BS && meta_blocks.size() < 256; b++) {
        bool zero = true, filler = true;
        for (u32 i = 0; i < BS; i++) {
            zero &= base[b * BS + i] == 0;
            filler &= base[b * BS + i] == static_cast<u8>(FILLER);
        }
        if (!zero && !filler) meta_blocks.push_back(b);
    }
}

void exercise(ext4::Fs* fs) {
    static char buf[65536];
    for (const char* p : {"/dir/small", "/dir/large", "/dir/fast", "/dir/slow", "/big/f77",
                          "/journaled", "/jdir"}) {
        auto ino = fs->resolve(p);
        if (ino.is_error()) continue;
        (void)fs->read(ino.value(), 0, buf, sizeof buf);
        (void)fs->readlink(ino.value(), buf, sizeof buf);
        (void)fs->readdir(ino.value(), [](const ext4::DirEntry&) -> Result<bool> { return true; });
    }
    auto big = fs->resolve("/big");
    if (big.has_value()) {
        for (int i = 0; i < 40; i++)
            (void)fs->create(big.value(), ("new" + std::to_string(i)).c_str(), 0644);
        (void)fs->unlink(big.value(), "f3");
        (void)fs->rename(big.value(), "f4", ext4::ROOT_INO, "f4");
    }
    auto f = fs->create(ext4::ROOT_INO, "fresh", 0644);
    if (f.has_value()) (void)fs->write(f.value(), 5000, buf, 20000);
    auto dir = fs->resolve("/dir");
    if (dir.has_value()) {
        auto large = fs->lookup(dir.value(), "large");
        if (large.has_value()) (void)fs->truncate(large.value(), 1000);
        (void)fs->unlink(dir.value(), "small");
        (void)fs->rmdir(ext4::ROOT_INO, "jdir");
        (void)fs->mkdir(dir.value(), "sub", 0755);
        (void)fs->symlink(dir.value(), "link", "target");
    }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    make_base();
    if (const char* dir = std::getenv("LARCH_FUZZ_SEEDS")) {
        // One patch per kind of block: nothing changed, the superblock's free count, ...
        write_seed(dir, "seed-none", std::string());
        write_seed(dir, "seed-one", std::string("\x00\x10\x00\x42", 4));
        write_seed(dir, "seed-several",
                   std::string("\x01\x00\x00\x00\x05\x20\x00\xff\x30\x08\x00\x01", 12));
        // Once a use after free: a file's extent covering the block bitmap being updated.
        write_seed(dir, "seed-freed-bitmap",
                   std::string("\x13\x04\x04\x04\xfa\x00\x20\xaa\xaa\x04\x10\x04\x10", 13));
    }
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const u8* data, size_t size) {
    MemoryBlockDevice dev(base.data(), base.size());
    for (size_t i = 0; i + 4 <= size; i += 4) {
        u32 block = meta_blocks[data[i] % meta_blocks.size()];
        u32 off = (data[i + 1] | data[i + 2] << 8) % BS;
        dev.bytes[size_t{block} * BS + off] = data[i + 3];
    }
    auto fs = ext4::Fs::mount(dev, {});
    if (fs.is_error()) return 0;
    exercise(fs.value());
    (void)fs.value()->unmount();
    return 0;
}
