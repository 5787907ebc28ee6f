// tests/unit/tmpfs_model_test.cc — 100,000 random tmpfs operations checked against a model.
//
// A seeded sequence (LARCH_UNIT_SEED) of writes (at random offsets: sparse files), reads,
// truncates, unlinks, mkdirs, rmdirs, hard links and renames (plain, RENAME_NOREPLACE,
// RENAME_EXCHANGE) over a two-level tree runs on tmpfs and on a model of it; every
// result, an errno too, must match, and now and then every file's contents, link count
// and every directory's listing are compared whole.
// UNIT_SOURCES: kernel/fs/vfs/io.cc kernel/fs/vfs/inode.cc kernel/fs/vfs/dentry.cc kernel/fs/vfs/mount.cc kernel/fs/vfs/namei.cc kernel/fs/vfs/permission.cc kernel/fs/vfs/namespace.cc kernel/fs/vfs/file.cc kernel/fs/vfs/readdir.cc kernel/fs/vfs/open.cc kernel/fs/vfs/blkdev.cc kernel/fs/vfs/fs_context.cc kernel/fs/vfs/page_index.cc kernel/fs/tmpfs/tmpfs.cc kernel/fs/tmpfs/file.cc tests/unit/host/no_user_memory.cc kernel/lib/errno.cc kernel/lib/format.cc tests/unit/host/malloc_heap.cc tests/unit/host/vfs_sandbox.cc
#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include <algorithm>
#include <map>
#include <memory>
#include <set>

#include "support/unit.hh"  // first: its libc headers define macros vfs/flags.hh undoes

#include "host/vfs_sandbox.hh"

namespace {

struct Node {
    bool dir = false;
    std::shared_ptr<std::string> data;  // shared by hard links
};

// Paths "/aK" (K < 4) and "/aK/bJ" (J < 4).
struct Model {
    std::map<std::string, Node> nodes;

    static std::string parent(const std::string& p) { return p.substr(0, p.rfind('/')); }
    bool exists(const std::string& p) const { return p.empty() || nodes.count(p); }
    bool is_dir(const std::string& p) const {
        return p.empty() || (nodes.count(p) && nodes.at(p).dir);
    }
    bool has_children(const std::string& d) const {
        auto it = nodes.upper_bound(d + "/");
        return it != nodes.end() && it->first.compare(0, d.size() + 1, d + "/") == 0;
    }
    // The errno of walking to @p p's parent, or 0.
    int parent_error(const std::string& p) const {
        std::string dir = parent(p);
        if (!exists(dir)) return ENOENT;
        if (!is_dir(dir)) return ENOTDIR;
        return 0;
    }
    long links(const std::string& p) const {
        const Node& n = nodes.at(p);
        if (n.dir) {
            long subdirs = 0;
            for (const auto& [name, other] : nodes)
                if (other.dir && parent(name) == p) ++subdirs;
            return 2 + subdirs;
        }
        long c = 0;
        for (const auto& [name, other] : nodes) c += other.data == n.data;
        return c;
    }
    // Moves @p from (and everything below it) to @p to.
    void move(const std::string& from, const std::string& to) {
        std::map<std::string, Node> moved;
        for (auto it = nodes.begin(); it != nodes.end();) {
            if (it->first == from || it->first.compare(0, from.size() + 1, from + "/") == 0) {
                moved[to + it->first.substr(from.size())] = it->second;
                it = nodes.erase(it);
            } else {
                ++it;
            }
        }
        nodes.insert(moved.begin(), moved.end());
    }
};

std::string random_path(std::mt19937_64& rng) {
    std::string p = "/a" + std::to_string(rng() % 4);
    if (rng() % 3) p += "/b" + std::to_string(rng() % 4);
    return p;
}

int model_write(Model& m, const std::string& p, u64 off, const std::string& data) {
    if (int e = m.parent_error(p)) return e;
    if (m.is_dir(p)) return EISDIR;
    Node& n = m.nodes[p];
    if (!n.data) n.data = std::make_shared<std::string>();
    if (n.data->size() < off + data.size()) n.data->resize(off + data.size(), '\0');
    n.data->replace(off, data.size(), data);
    return 0;
}

int model_truncate(Model& m, const std::string& p, u64 size) {
    if (int e = m.parent_error(p)) return e;
    if (!m.exists(p)) return ENOENT;
    if (m.is_dir(p)) return EISDIR;
    m.nodes[p].data->resize(size, '\0');
    return 0;
}

int model_unlink(Model& m, const std::string& p) {
    if (int e = m.parent_error(p)) return e;
    if (!m.exists(p)) return ENOENT;
    if (m.is_dir(p)) return EISDIR;
    m.nodes.erase(p);
    return 0;
}

int model_mkdir(Model& m, const std::string& p) {
    if (int e = m.parent_error(p)) return e;
    if (m.exists(p)) return EEXIST;
    m.nodes[p].dir = true;
    return 0;
}

int model_rmdir(Model& m, const std::string& p) {
    if (int e = m.parent_error(p)) return e;
    if (!m.exists(p)) return ENOENT;
    if (!m.is_dir(p)) return ENOTDIR;
    if (m.has_children(p)) return ENOTEMPTY;
    m.nodes.erase(p);
    return 0;
}

int model_link(Model& m, const std::string& from, const std::string& to) {
    if (int e = m.parent_error(from)) return e;
    if (!m.exists(from)) return ENOENT;
    if (m.is_dir(from)) return EPERM;
    if (int e = m.parent_error(to)) return e;
    if (m.exists(to)) return EEXIST;
    m.nodes[to] = m.nodes[from];
    return 0;
}

int model_rename(Model& m, const std::string& from, const std::string& to, u32 flags) {
    if (int e = m.parent_error(from)) return e;
    if (int e = m.parent_error(to)) return e;
    if (!m.exists(from)) return ENOENT;
    bool dir = m.is_dir(from);
    bool below = to.compare(0, from.size() + 1, from + "/") == 0;  // into itself
    if (flags & vfs::RENAME_EXCHANGE) {
        if (!m.exists(to)) return ENOENT;
        if (from == to) return 0;
        bool above = from.compare(0, to.size() + 1, to + "/") == 0;
        if (below || above) return EINVAL;
        m.move(from, "/tmp-x");
        m.move(to, from);
        m.move("/tmp-x", to);
        return 0;
    }
    if (dir && below) return EINVAL;
    if (m.exists(to)) {
        if (flags & vfs::RENAME_NOREPLACE) return EEXIST;
        if (from == to) return 0;
        const Node& a = m.nodes.at(from);
        const Node& b = m.nodes.at(to);
        if (!a.dir && !b.dir && a.data == b.data) return 0;  // two links of one file
        if (dir && !b.dir) return ENOTDIR;
        if (!dir && b.dir) return EISDIR;
        if (b.dir && m.has_children(to)) return ENOTEMPTY;
        m.nodes.erase(to);
    }
    m.move(from, to);
    return 0;
}

void compare_all(const Model& m, u64 step) {
    std::set<std::string> dirs{""};
    for (const auto& [p, n] : m.nodes) {
        auto inode = sandbox::inode_at(p);
        cr_assert(inode.has_value(), "step %lu: %s is missing", step, p.c_str());
        cr_assert(eq(long, long(inode.value()->nlink), m.links(p)), "step %lu: nlink of %s", step,
                  p.c_str());
        if (n.dir) {
            dirs.insert(p);
            continue;
        }
        std::string got;
        cr_assert(eq(int, sandbox::read_all(p, got), 0));
        cr_assert(got == *n.data, "step %lu: contents of %s (%zu bytes, model %zu)", step,
                  p.c_str(), got.size(), n.data->size());
    }
    for (const std::string& d : dirs) {
        std::vector<std::string> names;
        cr_assert(eq(int, sandbox::list(d.empty() ? "/" : d, names, 96), 0));
        std::vector<std::string> want{".", ".."};
        for (const auto& [p, n] : m.nodes)
            if (Model::parent(p) == d) want.push_back(p.substr(d.size() + 1));
        std::sort(names.begin(), names.end());
        std::sort(want.begin(), want.end());
        cr_assert(names == want, "step %lu: listing of %s", step, d.empty() ? "/" : d.c_str());
    }
}

}  // namespace

Test(tmpfs_model, random_operations, .timeout = 240) {
    constexpr u64 STEPS = 100000;
    sandbox::context();
    std::mt19937_64& rng = unit::rng();
    Model m;
    for (u64 step = 0; step < STEPS; ++step) {
        std::string p = random_path(rng), q = random_path(rng);
        int want = 0, got = 0;
        const char* op = "";
        switch (rng() % 16) {
        case 0:
        case 1:
        case 2:
        case 3: {
            op = "write";
            u64 off = rng() % 100 == 0 ? rng() % 300000 : rng() % 9000;
            std::string data(rng() % 6000, '\0');
            u64 base = rng();
            for (usize i = 0; i < data.size(); ++i) data[i] = char('a' + (base + i * 7) % 26);
            want = model_write(m, p, off, data);
            got = sandbox::write_at(p, off, data);
            break;
        }
        case 4:
        case 5: {
            op = "truncate";
            u64 size = rng() % 12000;
            want = model_truncate(m, p, size);
            got = sandbox::truncate(p, size);
            break;
        }
        case 6:
        case 7:
            op = "unlink";
            want = model_unlink(m, p);
            got = sandbox::unlink(p);
            break;
        case 8:
        case 9:
            op = "mkdir";
            want = model_mkdir(m, p);
            got = sandbox::mkdir(p);
            break;
        case 10:
            op = "rmdir";
            want = model_rmdir(m, p);
            got = sandbox::rmdir(p);
            break;
        case 11:
        case 12:
            op = "link";
            want = model_link(m, p, q);
            got = sandbox::link(p, q);
            break;
        default: {
            u32 flags = rng() % 4 == 0   ? vfs::RENAME_NOREPLACE
                        : rng() % 4 == 0 ? vfs::RENAME_EXCHANGE
                                         : 0;
            op = "rename";
            want = model_rename(m, p, q, flags);
            got = sandbox::rename(p, q, flags);
            break;
        }
        }
        cr_assert(eq(int, got, want), "step %lu (seed %lu): %s %s %s", step, unit::seed(), op,
                  p.c_str(), q.c_str());
        if (step % 5000 == 0 || step == STEPS - 1) compare_all(m, step);
    }
}

Test(tmpfs_model, sparse_and_truncate) {
    sandbox::context();
    cr_assert(eq(int, sandbox::write_at("/s", u64(1) << 40, "end"), 0), "a terabyte-sized hole");
    auto inode = sandbox::inode_at("/s");
    cr_assert(eq(u64, inode.value()->size, (u64(1) << 40) + 3));
    cr_assert(eq(u64, inode.value()->pages.pages(), 1u), "only the written page is held");
    cr_assert(eq(int, sandbox::truncate("/s", 5000), 0));
    cr_assert(eq(u64, inode.value()->pages.pages(), 0u));
    cr_assert(eq(int, sandbox::write_at("/s", 0, std::string(8192, 'x')), 0));
    cr_assert(eq(int, sandbox::truncate("/s", 4100), 0));
    cr_assert(eq(int, sandbox::truncate("/s", 8192), 0));
    std::string got;
    cr_assert(eq(int, sandbox::read_all("/s", got), 0));
    cr_assert(eq(sz, got.size(), size_t(8192)));
    cr_assert(got.substr(0, 4100) == std::string(4100, 'x'));
    cr_assert(got.substr(4100) == std::string(8192 - 4100, '\0'),
              "bytes cut by truncate read as zeros");
    cr_assert(eq(int, sandbox::write_at("/s", vfs::MAX_FILE_SIZE, "x"), EFBIG));
}
