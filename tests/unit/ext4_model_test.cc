// tests/unit/ext4_model_test.cc — 20,000 random ext4 operations checked against an in-memory model.
//
// A seeded sequence (LARCH_UNIT_SEED) of creates, writes, truncates, links, symlinks,
// unlinks, mkdirs, rmdirs and renames runs on a Larch-mounted image and on a model of
// the tree; every result (an errno too) must match. The file system is remounted now
// and then, and at the end e2fsck -fn must find it clean and debugfs must dump the
// same tree as the model.
// UNIT_SOURCES: kernel/fs/ext4/fs.cc kernel/fs/ext4/superblock.cc kernel/fs/ext4/cache.cc kernel/fs/ext4/checksum.cc kernel/fs/ext4/extent.cc kernel/fs/ext4/alloc.cc kernel/fs/ext4/dir.cc kernel/fs/ext4/hash.cc kernel/fs/ext4/htree.cc kernel/fs/ext4/file.cc kernel/fs/ext4/namei.cc kernel/fs/jbd2/journal.cc kernel/fs/jbd2/recovery.cc kernel/lib/crc.cc kernel/lib/format.cc kernel/lib/log.cc kernel/lib/errno.cc tests/unit/host/malloc_heap.cc tests/unit/host/file_block_device.cc tests/unit/host/ext4_image.cc
#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <map>
#include <memory>
#include <sstream>

#include "fs/ext4/fs.hh"
#include "host/ext4_image.hh"
#include "host/file_block_device.hh"
#include "support/unit.hh"

namespace {

struct Node {
    bool is_dir = false;
    bool is_symlink = false;
    std::shared_ptr<std::string> data;  // shared by hard links
};

/// The model: "/m/d3/n7" -> Node. Directories are /m/dK, files and links live in them.
struct Model {
    std::map<std::string, Node> nodes;
    bool has_children(const std::string& dir) const {
        auto it = nodes.upper_bound(dir + "/");
        return it != nodes.end() && it->first.compare(0, dir.size() + 1, dir + "/") == 0;
    }
};

u32 clock_now() { return 1700000000u; }

struct Run {
    fs::BlockDevice& dev;
    ext4::Fs* fs;
    Model model;
    std::mt19937_64 rng;
    u64 op = 0;

    u32 pick(u32 n) { return static_cast<u32>(rng() % n); }
    std::string dir_name() { return "/m/d" + std::to_string(pick(4)); }
    std::string file_name() { return dir_name() + "/n" + std::to_string(pick(12)); }
    static std::string parent(const std::string& p) { return p.substr(0, p.rfind('/')); }
    static std::string leaf(const std::string& p) { return p.substr(p.rfind('/') + 1); }

    /// The inode of a directory that exists in the model.
    u32 dir_ino(const std::string& d) {
        auto r = fs->resolve(d.c_str());
        cr_assert(r.has_value(), "seed %lu op %lu: resolve %s: errno %d", unit::seed(), op,
                  d.c_str(), r.error());
        return r.value();
    }
    void expect(int got, int want, const char* what, const std::string& path) {
        cr_assert(eq(int, got, want), "seed %lu op %lu: %s %s", unit::seed(), op, what,
                  path.c_str());
    }
    template <typename T>
    int err(const Result<T>& r) {
        return r.is_error() ? r.error() : 0;
    }

    void step() {
        op++;
        std::string p = file_name();
        auto it = model.nodes.find(p);
        bool exists = it != model.nodes.end(), dir_exists = model.nodes.count(parent(p));
        switch (pick(11)) {
        case 0:
        case 1: {  // create
            if (!dir_exists) return;
            auto r = fs->create(dir_ino(parent(p)), leaf(p).c_str(), 0644);
            expect(err(r), exists ? EEXIST : 0, "create", p);
            if (!exists) model.nodes[p] = Node{false, false, std::make_shared<std::string>()};
            return;
        }
        case 2:
        case 3: {  // write
            if (!exists || it->second.is_symlink) return;
            std::string& data = *it->second.data;
            u64 off = pick(3) == 0 ? data.size() : pick(static_cast<u32>(data.size()) + 3000);
            std::string bytes =
                random_bytes(1 + pick(pick(4) == 0 ? 40000 : 3000), static_cast<unsigned>(rng()));
            u32 ino = fs->resolve(p.c_str()).value();
            auto r = fs->write(ino, off, bytes.data(), bytes.size());
            expect(err(r), 0, "write", p);
            if (data.size() < off + bytes.size()) data.resize(off + bytes.size(), '\0');
            data.replace(off, bytes.size(), bytes);
            return;
        }
        case 4: {  // truncate
            if (!exists || it->second.is_symlink) return;
            std::string& data = *it->second.data;
            u64 size = pick(static_cast<u32>(data.size()) + 5000);
            expect(err(fs->truncate(fs->resolve(p.c_str()).value(), size)), 0, "truncate", p);
            data.resize(size, '\0');
            return;
        }
        case 5: {  // unlink
            if (!dir_exists) return;
            auto r = fs->unlink(dir_ino(parent(p)), leaf(p).c_str());
            expect(err(r), exists ? 0 : ENOENT, "unlink", p);
            model.nodes.erase(p);
            return;
        }
        case 6: {  // link
            std::string to = file_name();
            if (!exists || !model.nodes.count(parent(to)) || it->second.is_symlink) return;
            bool taken = model.nodes.count(to);
            auto r =
                fs->link(fs->resolve(p.c_str()).value(), dir_ino(parent(to)), leaf(to).c_str());
            expect(err(r), taken ? EEXIST : 0, "link", to);
            if (!taken) model.nodes[to] = it->second;
            return;
        }
        case 7: {  // symlink
            if (!dir_exists) return;
            std::string target =
                std::string(pick(2) ? 20 : 100 + pick(200), 't') + std::to_string(op);
            auto r = fs->symlink(dir_ino(parent(p)), leaf(p).c_str(), target.c_str());
            expect(err(r), exists ? EEXIST : 0, "symlink", p);
            if (!exists) model.nodes[p] = Node{false, true, std::make_shared<std::string>(target)};
            return;
        }
        case 8: {  // rename a file
            std::string to = file_name();
            if (!exists || !model.nodes.count(parent(to))) return;
            auto r = fs->rename(dir_ino(parent(p)), leaf(p).c_str(), dir_ino(parent(to)),
                                leaf(to).c_str());
            expect(err(r), 0, "rename", p + " -> " + to);
            auto dst = model.nodes.find(to);
            if (dst != model.nodes.end() && dst->second.data == it->second.data)
                return;  // links of one file
            Node n = it->second;
            model.nodes.erase(p);
            model.nodes[to] = n;
            return;
        }
        case 9: {  // mkdir or rmdir
            std::string d = dir_name();
            bool there = model.nodes.count(d);
            if (there) {
                auto r = fs->rmdir(dir_ino("/m"), leaf(d).c_str());
                bool full = model.has_children(d);
                expect(err(r), full ? ENOTEMPTY : 0, "rmdir", d);
                if (!full) model.nodes.erase(d);
            } else {
                expect(err(fs->mkdir(dir_ino("/m"), leaf(d).c_str(), 0755)), 0, "mkdir", d);
                model.nodes[d] = Node{true, false, nullptr};
            }
            return;
        }
        default: {  // rename a directory (onto a missing or empty one)
            std::string from = dir_name(), to = dir_name();
            if (from == to || !model.nodes.count(from)) return;
            bool full = model.nodes.count(to) && model.has_children(to);
            auto r = fs->rename(dir_ino("/m"), leaf(from).c_str(), dir_ino("/m"), leaf(to).c_str());
            expect(err(r), full ? ENOTEMPTY : 0, "rename dir", from + " -> " + to);
            if (full) return;
            std::map<std::string, Node> moved;
            for (auto i = model.nodes.begin(); i != model.nodes.end();) {
                if (i->first == from || i->first.compare(0, from.size() + 1, from + "/") == 0) {
                    moved[to + i->first.substr(from.size())] = i->second;
                    i = model.nodes.erase(i);
                } else {
                    ++i;
                }
            }
            model.nodes.erase(to);
            for (auto& [k, v] : moved) model.nodes[k] = v;
            return;
        }
        }
    }

    /// Everything in the model reads back through Larch.
    void verify() {
        for (const auto& [path, node] : model.nodes) {
            auto ino = fs->resolve(path.c_str());
            cr_assert(ino.has_value(), "seed %lu op %lu: %s missing", unit::seed(), op,
                      path.c_str());
            if (node.is_dir) continue;
            std::string got(8192 + node.data->size(), '\0');
            usize n = node.is_symlink ? fs->readlink(ino.value(), got.data(), got.size()).value()
                                      : fs->read(ino.value(), 0, got.data(), got.size()).value();
            got.resize(n);
            cr_assert(got == *node.data, "seed %lu op %lu: %s differs", unit::seed(), op,
                      path.c_str());
        }
    }
};

std::string slurp(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    std::stringstream s;
    s << f.rdbuf();
    return s.str();
}

}  // namespace

Test(ext4_model, random_operations_against_a_model, .timeout = 120) {
    Scratch dir;
    std::string img = dir.path + "/a.img";
    mkfs(img, 24, "-b 1024");
    auto dev = FileBlockDevice::open(img);
    Run run{*dev,
            ext4::Fs::mount(*dev, {.clock = clock_now}).value(),
            {},
            std::mt19937_64(unit::seed()),
            0};
    cr_assert(run.fs->mkdir(ext4::ROOT_INO, "m", 0755).has_value());
    run.model.nodes["/m"] = Node{true, false, nullptr};
#ifdef __SANITIZE_ADDRESS__
    const int OPS = 6000;  // under the sanitizers the point is memory safety
#else
    const int OPS = 20000;
#endif
    for (int i = 0; i < OPS; i++) {
        run.step();
        if (i % 97 == 0) cr_assert(run.fs->sync().has_value());
        if (i % 1000 == 999) {  // remount: everything must have reached the disk
            cr_assert(run.fs->unmount().has_value());
            run.fs = ext4::Fs::mount(*dev, {.clock = clock_now}).value();
            run.verify();
        }
    }
    run.verify();
    cr_assert(run.fs->unmount().has_value());
    Shell r = fsck(img);
    cr_assert(eq(int, r.status, 0), "seed %lu: e2fsck -fn:\n%s", unit::seed(), r.output.c_str());

    std::string out = dir.path + "/dump";
    mkdir(out.c_str(), 0755);
    debugfs(img, "rdump /m " + out);
    for (const auto& [path, node] : run.model.nodes) {
        std::string host = out + path;  // rdump makes out/m/...
        if (node.is_dir) continue;
        if (node.is_symlink) {
            char buf[4096];
            ssize_t n = readlink(host.c_str(), buf, sizeof buf);
            cr_assert(n >= 0 && std::string(buf, n) == *node.data, "debugfs: %s", path.c_str());
        } else {
            cr_assert(slurp(host) == *node.data, "debugfs: %s differs", path.c_str());
        }
    }
}
