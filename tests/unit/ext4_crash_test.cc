// tests/unit/ext4_crash_test.cc — crash consistency: images cut at every flush, and at random write subsets after one.
//
// A workload (create, write, sync per file; unlinks and renames between) runs on a
// recording block device. Each crash image starts from the image before the workload
// and applies the recorded writes up to a flush point (everything before a flush is
// durable), plus, for some, a random subset of the writes issued after that flush (a
// disk may complete them in any order). Larch mounts each image (replaying the
// journal) and unmounts; e2fsck -fn must find it clean, and every file whose sync had
// returned before the cut must read back exactly (each file's bytes are its own nonce,
// so a stale block of another file shows).
// UNIT_SOURCES: kernel/fs/ext4/fs.cc kernel/fs/ext4/superblock.cc kernel/fs/ext4/cache.cc kernel/fs/ext4/checksum.cc kernel/fs/ext4/extent.cc kernel/fs/ext4/alloc.cc kernel/fs/ext4/dir.cc kernel/fs/ext4/hash.cc kernel/fs/ext4/htree.cc kernel/fs/ext4/file.cc kernel/fs/ext4/namei.cc kernel/fs/jbd2/journal.cc kernel/fs/jbd2/recovery.cc kernel/lib/crc.cc kernel/lib/format.cc kernel/lib/log.cc kernel/lib/errno.cc tests/unit/host/malloc_heap.cc tests/unit/host/file_block_device.cc tests/unit/host/ext4_image.cc
#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include <fstream>
#include <map>
#include <sstream>

#include "fs/ext4/fs.hh"
#include "host/ext4_image.hh"
#include "host/file_block_device.hh"
#include "support/unit.hh"

namespace {

u32 clock_now() { return 1700000000u; }

// Under the sanitizers the point is memory safety, which a third of the cuts shows as well.
#ifdef __SANITIZE_ADDRESS__
constexpr size_t CUT_STRIDE = 3;
#else
constexpr size_t CUT_STRIDE = 1;
#endif

std::vector<u8> slurp(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    std::stringstream s;
    s << f.rdbuf();
    std::string b = s.str();
    return std::vector<u8>(b.begin(), b.end());
}

struct Synced {
    size_t after_event;  // the log's length when sync() returned
    std::string name, data;
    bool removed;  // unlinked (and synced) later: from then on it must be gone
};

void crash_images(const char* mkfs_options, unsigned seed, size_t stride) {
    Scratch dir;
    std::string img = dir.path + "/a.img";
    mkfs(img, 8, mkfs_options);
    std::vector<u8> before = slurp(img);
    MemoryBlockDevice dev(before.data(), before.size());
    dev.record = true;
    std::mt19937_64 rng(seed);
    std::vector<Synced> synced;
    {
        ext4::Fs* fs = ext4::Fs::mount(dev, {.clock = clock_now}).value();
        for (int i = 0; i < 7; i++) {
            std::string name = "f" + std::to_string(i);
            std::string data = random_bytes(1000 + rng() % 30000, static_cast<unsigned>(rng()));
            u32 ino = fs->create(ext4::ROOT_INO, name.c_str(), 0644).value();
            cr_assert(fs->write(ino, 0, data.data(), data.size()).has_value());
            cr_assert(fs->sync().has_value());
            synced.push_back({dev.log.size(), name, data, false});
            if (i % 4 == 3) {  // unlink an earlier file and rename another
                std::string victim = "f" + std::to_string(i - 3);
                cr_assert(fs->unlink(ext4::ROOT_INO, victim.c_str()).has_value());
                cr_assert(fs->rename(ext4::ROOT_INO, ("f" + std::to_string(i - 2)).c_str(),
                                     ext4::ROOT_INO, ("r" + std::to_string(i - 2)).c_str())
                              .has_value());
                cr_assert(fs->sync().has_value());
                for (auto& s : synced)
                    if (s.name == victim && !s.removed)
                        s.removed = true, s.after_event = dev.log.size();
                for (auto& s : synced)
                    if (s.name ==
                        "f" + std::to_string(i - 2))  // checked under its new name from here on
                        s.name = "r" + std::to_string(i - 2), s.after_event = dev.log.size();
            }
        }
        cr_assert(fs->unmount().has_value());
    }
    // The cuts: every flush, and some flushes plus a random subset of what follows.
    std::vector<size_t> flushes;
    for (size_t i = 0; i < dev.log.size(); i++)
        if (dev.log[i].count == 0) flushes.push_back(i + 1);
    std::string crash = dir.path + "/crash.img";
    int images = 0;
    for (size_t k = 0; k < flushes.size(); k += stride) {
        for (int variant = 0; variant < (k % 3 == 0 ? 2 : 1); variant++) {
            std::vector<u8> image = before;
            auto apply = [&](const MemoryBlockDevice::Event& e) {
                std::copy(e.data.begin(), e.data.end(), image.begin() + e.sector * fs::SECTOR_SIZE);
            };
            size_t cut = flushes[k];
            for (size_t i = 0; i < cut; i++) apply(dev.log[i]);
            if (variant == 1)
                for (size_t i = cut; i < dev.log.size() && dev.log[i].count; i++)
                    if (rng() % 2) apply(dev.log[i]);
            MemoryBlockDevice cdev(image.data(), image.size());
            auto fs = ext4::Fs::mount(cdev, {.clock = clock_now});
            cr_assert(fs.has_value(), "seed %u cut %zu: mount: errno %d", seed, cut, fs.error());
            for (const Synced& s : synced) {
                if (s.after_event > cut) continue;
                auto ino = fs.value()->lookup(ext4::ROOT_INO, s.name.c_str());
                if (s.removed) {
                    cr_assert(ino.is_error(), "seed %u cut %zu: %s is back", seed, cut,
                              s.name.c_str());
                    continue;
                }
                cr_assert(ino.has_value(), "seed %u cut %zu: %s lost", seed, cut, s.name.c_str());
                std::string got(s.data.size() + 10, '\0');
                usize n = fs.value()->read(ino.value(), 0, got.data(), got.size()).value();
                got.resize(n);
                cr_assert(got == s.data, "seed %u cut %zu: %s differs", seed, cut, s.name.c_str());
            }
            cr_assert(fs.value()->unmount().has_value());
            std::ofstream(crash, std::ios::binary)
                .write(reinterpret_cast<const char*>(cdev.bytes.data()),
                       static_cast<std::streamsize>(cdev.bytes.size()));
            Shell r = fsck(crash);
            cr_assert(eq(int, r.status, 0), "seed %u cut %zu variant %d: e2fsck -fn:\n%s", seed,
                      cut, variant, r.output.c_str());
            images++;
        }
    }
    cr_assert(gt(int, images, static_cast<int>(20 / stride)));
}

}  // namespace

Test(ext4_crash, every_flush_point_1k, .timeout = 120) {
    crash_images("-b 1024", static_cast<unsigned>(unit::seed()), CUT_STRIDE);
}
Test(ext4_crash, every_flush_point_4k, .timeout = 120) {
    crash_images("-b 4096", static_cast<unsigned>(unit::seed()) + 1,
                 2 * CUT_STRIDE);  // every other cut
}
