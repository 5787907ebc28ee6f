// labs/06-ext4/ktests/ext4_tree.cc — a file tree written by Larch's ext4, read back by e2fsprogs.
//
// ext4_tree_rw (labs/06-ext4/lab.toml, drive "tdisk": 64 MiB, mkfs.ext4 at grade time):
// mounts the disk read-write and writes /tree/dI/fJ (8 directories of 12 files, sizes
// from 0 to ~70 KB, in uneven pieces), a subdirectory with a symbolic link in each,
// and /big.bin (16 MiB, in 256 KiB writes), commits and unmounts. Then it mounts again
// read-only and reads /big.bin back. After the boot the host runs e2fsck -fn and
// compares every file as debugfs reads it with what the same formulas give
// (labs/06-ext4/checks/ext4_tree.py). Values: files, ext4_write_kib_s and
// ext4_read_kib_s (through ext4, /big.bin), raw_read_kib_s (the disk, the same amount).
#include "drivers/block/registry.hh"
#include "drivers/timer/clock.hh"
#include "fs/block/buffer.hh"
#include "fs/ext4/fs.hh"
#include "lib/format.hh"
#include "test/ktest.hh"

namespace {

constexpr u32 DIRS = 8, FILES = 12, PIECE = 256 * 1024;
constexpr u64 BIG = 16ull << 20;

u32 file_size(u32 i, u32 j) { return ((i * FILES + j) * 7919u) % 70001u; }
u8 file_byte(u32 i, u32 j, u64 k) { return u8((k * 7 + i * 31 + j * 17 + (k >> 10)) & 0xff); }
u8 big_byte(u64 k) { return u8(((k >> 12) * 5 + k * 3) & 0xff); }

u64 kib_per_s(u64 bytes, u64 ns) { return ns ? bytes * 1000000000ull / 1024 / ns : 0; }

bool write_tree(ktest::Context& t, ext4::Fs& fs, u8* buf) {
    auto top = fs.mkdir(ext4::ROOT_INO, "tree", 0755);
    if (top.is_error()) return t.fail("mkdir /tree: errno {}", top.error()), false;
    u32 files = 0;
    for (u32 i = 0; i < DIRS; ++i) {
        char name[16];
        fmt::format_to(name, sizeof name, "d{}", i);
        auto dir = fs.mkdir(top.value(), name, 0755);
        if (dir.is_error()) return t.fail("mkdir {}: errno {}", name, dir.error()), false;
        for (u32 j = 0; j < FILES; ++j) {
            fmt::format_to(name, sizeof name, "f{}", j);
            auto ino = fs.create(dir.value(), name, 0644);
            if (ino.is_error()) return t.fail("create {}: errno {}", name, ino.error()), false;
            u32 size = file_size(i, j);
            for (u32 k = 0; k < size; ++k) buf[k] = file_byte(i, j, k);
            // Uneven pieces: partial blocks at both ends of most writes.
            for (u32 off = 0, step = 1000 + 333 * j; off < size; off += step) {
                u32 n = size - off < step ? size - off : step;
                auto w = fs.write(ino.value(), off, buf + off, n);
                if (w.is_error() || w.value() != n)
                    return t.fail("write d{}/f{} at {} failed", i, j, off), false;
            }
            ++files;
        }
        auto sub = fs.mkdir(dir.value(), "sub", 0700);
        if (sub.is_error()) return t.fail("mkdir sub: errno {}", sub.error()), false;
        if (auto l = fs.symlink(sub.value(), "link", "../f0"); l.is_error())
            return t.fail("symlink: errno {}", l.error()), false;
    }
    t.value("files", files);
    return true;
}

}  // namespace

KTEST("06-ext4", ext4_tree_rw) {
    block::probe();
    const block::Device* d = block::find_by_serial("tdisk");
    if (!d) return t.fail("no virtio-blk disk with serial 'tdisk'");
    auto buf = fs::Buffer::zeroed(PIECE > 70001 ? PIECE : 70001);
    if (buf.is_error()) return t.fail("no memory for the buffer");
    u8* b = buf.value().data();
    auto mounted = ext4::Fs::mount(*d->dev, ext4::MountOptions{});
    if (mounted.is_error()) return t.fail("ext4 mount failed: errno {}", mounted.error());
    ext4::Fs* fs = mounted.value();
    if (!write_tree(t, *fs, b)) return (void)fs->unmount();
    auto big = fs->create(ext4::ROOT_INO, "big.bin", 0644);
    if (big.is_error()) return (void)fs->unmount(), t.fail("create big.bin: errno {}", big.error());
    u64 t0 = ktime::now_ns();
    for (u64 off = 0; off < BIG; off += PIECE) {
        for (u32 k = 0; k < PIECE; ++k) b[k] = big_byte(off + k);
        auto w = fs->write(big.value(), off, b, PIECE);
        if (w.is_error() || w.value() != PIECE)
            return (void)fs->unmount(), t.fail("write big.bin at {} failed", off);
    }
    if (auto s = fs->sync(); s.is_error()) return (void)fs->unmount(), t.fail("sync failed");
    if (auto f = d->dev->flush(); f.is_error()) return (void)fs->unmount(), t.fail("flush failed");
    t.value("ext4_write_kib_s", kib_per_s(BIG, ktime::now_ns() - t0));
    if (auto u = fs->unmount(); u.is_error()) return t.fail("unmount failed: errno {}", u.error());

    // Read back, read-only, through a fresh mount (nothing cached).
    auto again = ext4::Fs::mount(*d->dev, ext4::MountOptions{.read_only = true});
    if (again.is_error()) return t.fail("second mount failed: errno {}", again.error());
    fs = again.value();
    auto ino = fs->resolve("/big.bin");
    if (ino.is_error()) return (void)fs->unmount(), t.fail("/big.bin: errno {}", ino.error());
    u64 bad = 0;
    t0 = ktime::now_ns();
    u64 read_ns = 0;
    for (u64 off = 0; off < BIG; off += PIECE) {
        u64 r0 = ktime::now_ns();
        auto n = fs->read(ino.value(), off, b, PIECE);
        read_ns += ktime::now_ns() - r0;
        if (n.is_error() || n.value() != PIECE) {
            t.fail("read big.bin at {} failed", off);
            break;
        }
        for (u32 k = 0; k < PIECE; ++k) bad += b[k] != big_byte(off + k);
    }
    t.value("ext4_read_kib_s", kib_per_s(BIG, read_ns));
    t.value("mismatches", bad);
    if (auto u = fs->unmount(); u.is_error()) t.fail("read-only unmount failed");
    t0 = ktime::now_ns();
    for (u64 off = 0; off < BIG; off += PIECE)
        if (d->dev->read(off / 512, PIECE / 512, b).is_error()) return t.fail("raw read failed");
    t.value("raw_read_kib_s", kib_per_s(BIG, ktime::now_ns() - t0));
}
