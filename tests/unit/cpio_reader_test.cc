// tests/unit/cpio_reader_test.cc — the initramfs reader on archives made three ways: by
// hand here (every malformed header field), by user/mkinitramfs.py (what the build
// ships), and by GNU cpio when the host has it. Archives sit at the end of a page
// followed by an inaccessible one, so any read past the end crashes the test.
// UNIT_SOURCES: kernel/fs/cpio.cc kernel/lib/format.cc kernel/lib/errno.cc kernel/lib/string.cc
#include <criterion/criterion.h>

#include <sys/stat.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "fs/cpio.hh"
#include "support/unit.hh"

namespace {

struct Member {
    std::string name;
    u32 mode = cpio::MODE_REGULAR | 0644;
    std::string data;
    u32 ino = 1;
    u32 nlink = 1;
    const char* magic = "070701";
    bool good_checksum = true;
    long long namesize = -1;  ///< -1: the name's length + 1
    long long filesize = -1;  ///< -1: the data's length
};

std::string hex8(u32 v) {
    char b[9];
    std::snprintf(b, sizeof b, "%08X", v);
    return b;
}

void pad4(std::string& s) {
    while (s.size() % 4) s += '\0';
}

std::string encode(const Member& m) {
    u32 sum = 0;
    for (unsigned char c : m.data) sum += c;
    if (!m.good_checksum) sum += 1;
    u32 namesize =
        static_cast<u32>(m.namesize >= 0 ? m.namesize : static_cast<long long>(m.name.size() + 1));
    u32 filesize =
        static_cast<u32>(m.filesize >= 0 ? m.filesize : static_cast<long long>(m.data.size()));
    std::string s = m.magic;
    for (u32 f : {m.ino, m.mode, 0u, 0u, m.nlink, 0u, filesize, 0u, 0u, 0u, 0u, namesize,
                  std::string(m.magic) == "070702" ? sum : 0u})
        s += hex8(f);
    s += m.name;
    s += '\0';
    pad4(s);
    s += m.data;
    pad4(s);
    return s;
}

std::string trailer() {
    Member t;
    t.name = "TRAILER!!!";
    t.mode = 0;
    t.ino = 0;
    return encode(t);
}

std::string archive(const std::vector<Member>& members) {
    std::string s;
    for (const Member& m : members) s += encode(m);
    return s + trailer();
}

Member file(const std::string& name, const std::string& data, u32 ino = 1) {
    Member m;
    m.name = name;
    m.data = data;
    m.ino = ino;
    return m;
}

Member dir(const std::string& name, u32 ino = 1) {
    Member m;
    m.name = name;
    m.mode = cpio::MODE_DIRECTORY | 0755;
    m.ino = ino;
    m.nlink = 2;
    return m;
}

/// An archive copied to the end of a guarded buffer, kept alive with its entries.
struct Guarded {
    explicit Guarded(const std::string& bytes)
        : buffer(bytes.data(), bytes.size()), size(bytes.size()) {}
    cpio::Archive archive() { return cpio::Archive(std::span<const u8>(buffer.data(), size)); }
    unit::GuardedBuffer buffer;
    usize size;
};

std::string as_string(std::span<const u8> data) { return std::string(data.begin(), data.end()); }

int validate_error(const std::string& bytes) {
    Guarded g(bytes);
    auto r = g.archive().validate();
    return r.is_error() ? r.error() : 0;
}

void expect_einval(const std::string& bytes, const char* what) {
    int e = validate_error(bytes);
    cr_expect(e == EINVAL, "%s: expected EINVAL, got %d", what, e);
}

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

/// The repository root, from this file's path as the compiler saw it.
std::string repo_root() {
    std::string f = __FILE__;
    auto at = f.rfind("tests/unit/");
    return at == std::string::npos ? "." : (at == 0 ? "." : f.substr(0, at - 1));
}

}  // namespace

// --- archives that read -------------------------------------------------------------

Test(cpio_reader, walk_and_lookup) {
    Guarded g(archive({dir("bin", 1),
                       file("bin/init",
                            "\x7f"
                            "ELF-ish",
                            2),
                       dir("etc", 3), file("etc/motd", "hello\n", 4), file("empty", "", 5)}));
    cpio::Archive a = g.archive();
    auto count = a.validate();
    cr_assert(count.has_value() && count.value() == 5, "validate: %d",
              count.is_error() ? count.error() : 0);

    cpio::Cursor c = a.begin();
    cpio::Entry e;
    std::vector<std::string> names;
    while (c.next(e).value()) names.push_back(std::string(e.name.data, e.name.len));
    cr_expect(names == (std::vector<std::string>{"bin", "bin/init", "etc", "etc/motd", "empty"}));

    auto motd = a.lookup("/etc/motd");
    cr_assert(motd.has_value());
    cr_expect(as_string(motd.value().data) == "hello\n");
    cr_expect(motd.value().is_regular() && motd.value().permissions() == 0644);
    cr_expect(motd.value().ino == 4);
    auto bin = a.lookup("bin");
    cr_assert(bin.has_value());
    cr_expect(bin.value().is_directory() && bin.value().data.empty());
    auto empty = a.lookup("empty");
    cr_assert(empty.has_value());
    cr_expect(empty.value().data.empty());
    auto missing = a.lookup("/etc/passwd");
    cr_expect(missing.is_error() && missing.error() == ENOENT);
    auto prefix = a.lookup("/etc/mot");
    cr_expect(prefix.is_error() && prefix.error() == ENOENT);
}

Test(cpio_reader, path_forms) {
    Guarded g(archive({file("./bin/init", "x"), dir("."), file("/abs", "y")}));
    cpio::Archive a = g.archive();
    for (const char* p :
         {"/bin/init", "bin/init", "./bin/init", "//bin///init", "/./bin/./init", "bin/init/"})
        cr_expect(a.lookup(p).has_value(), "lookup(%s)", p);
    cr_expect(a.lookup("/").has_value() && a.lookup("/").value().is_directory(),
              "the root is \".\"");
    cr_expect(a.lookup("abs").has_value(), "a stored leading slash is ignored");
    cr_expect(a.lookup("/bin/../bin/init").is_error(), ".. is not resolved");
    cr_expect(a.lookup("bin").is_error(), "no member named bin");

    cr_expect(cpio::same_path("", "/") && cpio::same_path(".", "./") &&
              cpio::same_path("a/./b", "a/b"));
    cr_expect(!cpio::same_path("a/b", "a/bc") && !cpio::same_path("a", "a/b") &&
              !cpio::same_path("ab", "a/b"));
}

Test(cpio_reader, symlinks_and_modes) {
    Member link;
    link.name = "bin/sh";
    link.mode = cpio::MODE_SYMLINK | 0777;
    link.data = "busybox";
    Member exe = file("bin/busybox", "BB");
    exe.mode = cpio::MODE_REGULAR | 04755;
    Guarded g(archive({link, exe}));
    auto sh = g.archive().lookup("/bin/sh");
    cr_assert(sh.has_value());
    cr_expect(sh.value().is_symlink() && as_string(sh.value().data) == "busybox");
    auto bb = g.archive().lookup("/bin/busybox");
    cr_expect(bb.value().permissions() == 04755 && !bb.value().is_symlink());
}

Test(cpio_reader, later_member_wins) {
    Guarded g(archive({file("etc/motd", "old", 1), file("etc/motd", "new", 2)}));
    cr_expect(as_string(g.archive().lookup("etc/motd").value().data) == "new");
}

Test(cpio_reader, hard_links_share_data) {
    // newc stores a hard link group's data once, with the last link.
    Member a = file("bin/a", "", 7), b = file("bin/b", "", 7), c = file("bin/c", "shared", 7);
    a.nlink = b.nlink = c.nlink = 3;
    Member other = file("bin/other", "other", 8);
    Guarded g(archive({a, other, b, c}));
    for (const char* p : {"bin/a", "bin/b", "bin/c"}) {
        auto r = g.archive().lookup(p);
        cr_assert(r.has_value(), "%s", p);
        cr_expect(as_string(r.value().data) == "shared", "%s: '%s'", p,
                  as_string(r.value().data).c_str());
    }
    // An empty file that is not a hard link stays empty.
    Guarded h(archive({file("zero", "", 7), c}));
    cr_expect(h.archive().lookup("zero").value().data.empty());
}

Test(cpio_reader, checksummed_members) {
    Member m = file("data", "checksummed bytes");
    m.magic = "070702";
    Guarded g(archive({m}));
    cr_expect(as_string(g.archive().lookup("data").value().data) == "checksummed bytes");
    m.good_checksum = false;
    expect_einval(archive({m}), "070702 with a wrong checksum");
    Member link;  // GNU cpio writes no checksum for symbolic links
    link.name = "link";
    link.mode = cpio::MODE_SYMLINK | 0777;
    link.data = "data";
    link.magic = "070702";
    link.good_checksum = false;
    cr_expect(validate_error(archive({link})) == 0);
}

Test(cpio_reader, concatenated_archives_and_padding) {
    // Several archives in a row with NUL padding between and after, as GRUB and
    // Linux's initramfs allow; a later archive overrides an earlier one.
    std::string bytes = archive({file("a", "1"), file("b", "2")});
    bytes += std::string(512 - bytes.size() % 512, '\0');
    bytes += archive({file("b", "3"), file("c", "4")});
    bytes += std::string(1000, '\0');
    Guarded g(bytes);
    cpio::Archive a = g.archive();
    cr_expect(a.validate().value() == 4);
    cr_expect(as_string(a.lookup("a").value().data) == "1");
    cr_expect(as_string(a.lookup("b").value().data) == "3");
    cr_expect(as_string(a.lookup("c").value().data) == "4");
    cpio::Cursor cur = a.begin();
    cpio::Entry e;
    usize last_index = 0;
    while (cur.next(e).value()) last_index = cur.archive_index();
    cr_expect(last_index == 1);
}

Test(cpio_reader, empty_archive) {
    Guarded g(trailer());
    cr_expect(g.archive().validate().value() == 0);
    cr_expect(g.archive().lookup("x").error() == ENOENT);
}

Test(cpio_reader, final_padding_may_be_cut) {
    // The NULs that pad the last member to a multiple of 4 may be missing.
    std::string bytes = archive({file("f", "abc")});
    for (usize cut = 1; cut <= 3; ++cut)
        cr_expect(validate_error(bytes.substr(0, bytes.size() - cut)) == 0,
                  "without %zu padding bytes", cut);
    std::string odd = encode(file("f", "abcde")) + trailer();
    cr_expect(validate_error(odd) == 0);
}

// --- malformed ---------------------------------------------------------------------------

Test(cpio_reader, truncated_everywhere) {
    std::string bytes =
        archive({dir("bin"), file("bin/init", std::string(37, 'x')), file("etc/x", "y")});
    usize trailer_at = bytes.size() - trailer().size();
    for (usize n = 0; n < trailer_at + cpio::HEADER_SIZE + 11; ++n) {
        int e = validate_error(bytes.substr(0, n));
        cr_expect(e == EINVAL, "prefix of %zu bytes: got %d", n, e);
    }
    cr_expect(validate_error(bytes) == 0);
}

Test(cpio_reader, bad_header_fields) {
    const std::string good = archive({file("bin/init", "data")});
    cr_assert(validate_error(good) == 0);
    // A non-hex character in each of the 13 fields, and in the magic.
    for (usize at = 0; at < cpio::HEADER_SIZE; ++at) {
        std::string bad = good;
        bad[at] = at < 6 ? '9' : 'g';
        expect_einval(bad, "bad digit");
    }
    std::string lower = good;
    for (usize at = 6; at < cpio::HEADER_SIZE; ++at)
        if (lower[at] >= 'A' && lower[at] <= 'F')
            lower[at] = static_cast<char>(lower[at] - 'A' + 'a');
    cr_expect(validate_error(lower) == 0, "lower-case hex is fine");
    std::string old_binary = good;
    old_binary.replace(0, 6, "070707");  // the "odc" format: not newc
    expect_einval(old_binary, "odc magic");
}

Test(cpio_reader, bad_names) {
    Member m = file("bin/init", "data");
    m.namesize = 0;
    expect_einval(archive({m}), "namesize 0");
    m.namesize = 1;
    expect_einval(archive({m}), "empty name");
    m.namesize = 4;  // "bin" + no NUL where the NUL should be
    expect_einval(archive({m}), "name without its NUL");
    m.namesize = 0xffffffff;
    expect_einval(archive({m}), "namesize 2^32-1");
    m.namesize = 0x7fffffff;
    expect_einval(archive({m}), "namesize past the end");
    Member nul = file(std::string("bin\0init", 8), "data");
    expect_einval(archive({nul}), "NUL inside the name");
}

Test(cpio_reader, bad_sizes) {
    Member m = file("f", "data");
    m.filesize = 0xffffffff;
    expect_einval(archive({m}), "filesize 2^32-1");
    m.filesize = 5000;
    expect_einval(archive({m}), "filesize past the end");
    m.filesize = 8;  // swallows the trailer's magic: the next header is garbage
    expect_einval(archive({m}), "filesize into the next header");
}

Test(cpio_reader, junk_between_and_after) {
    std::string bytes = archive({file("a", "1")});
    expect_einval(bytes + "junk", "junk after the trailer");
    expect_einval(bytes + std::string(7, '\0') + "x", "junk after the padding");
    expect_einval(bytes + std::string(5, '\0') + archive({file("b", "2")}),
                  "second archive not 4-aligned");
    cr_expect(validate_error(bytes + std::string(8, '\0') + archive({file("b", "2")})) == 0,
              "4-aligned: fine");
    std::string missing_trailer = encode(file("a", "1"));
    expect_einval(missing_trailer, "no trailer");
    expect_einval("", "no bytes at all");
    expect_einval(std::string(512, '\0'), "only zeroes");
}

Test(cpio_reader, random_damage_never_overreads) {
    std::mt19937_64& rng = unit::rng();
    const std::string seed =
        archive({dir("bin"), file("bin/init", std::string(50, 'i')), file("etc/motd", "hi\n")});
    usize accepted = 0;
    for (int round = 0; round < 20000; ++round) {
        std::string bytes = seed;
        int flips = 1 + static_cast<int>(rng() % 3);
        for (int i = 0; i < flips; ++i) {
            usize at = rng() % bytes.size();
            bytes[at] = rng() % 2 ? static_cast<char>(rng()) : "0123456789abcdefF\0"[rng() % 18];
        }
        if (rng() % 8 == 0) bytes.resize(rng() % bytes.size());
        Guarded g(bytes);
        cpio::Archive a = g.archive();
        cpio::Cursor c = a.begin();
        cpio::Entry e;
        const u8* lo = g.buffer.data();
        const u8* hi = lo + g.size;
        for (;;) {
            auto r = c.next(e);
            if (r.is_error()) {
                cr_assert(r.error() == EINVAL, "seed %lu round %d",
                          static_cast<unsigned long>(unit::seed()), round);
                break;
            }
            if (!r.value()) {
                ++accepted;
                break;
            }
            const u8* name = reinterpret_cast<const u8*>(e.name.data);
            cr_assert(name >= lo && name + e.name.len < hi, "name outside the archive");
            cr_assert(e.data.empty() ||
                      (e.data.data() >= lo && e.data.data() + e.data.size() <= hi));
        }
        (void)a.lookup("bin/init");
    }
    cr_expect(accepted > 0);
}

// --- archives made by tools ------------------------------------------------------------

Test(cpio_reader, reads_mkinitramfs_output, .timeout = 60) {
    char dir_template[] = "/tmp/larch-cpio-XXXXXX";
    cr_assert(mkdtemp(dir_template));
    std::string dir = dir_template;
    std::string tree = dir + "/tree";
    std::string script = repo_root() + "/user/mkinitramfs.py";
    std::string cmd = "set -e; mkdir -p " + tree + "/sub/deeper; printf 'init\\n' > " + tree +
                      "/init; chmod 755 " + tree + "/init; printf '' > " + tree +
                      "/sub/empty; head -c 5000 /dev/urandom > " + tree + "/sub/deeper/blob; ln " +
                      tree + "/sub/deeper/blob " + tree + "/sub/hard; ln -s ../init " + tree +
                      "/sub/link; python3 " + script + " --out " + dir + "/a.cpio --tree " + tree +
                      ":/root --file " + tree + "/init:/bin/init:0700";
    cr_assert(std::system(cmd.c_str()) == 0, "%s", cmd.c_str());
    std::string bytes = slurp(dir + "/a.cpio");
    cr_expect(bytes.size() % 512 == 0, "padded to 512");
    Guarded g(bytes);
    cpio::Archive a = g.archive();
    cr_assert(a.validate().has_value());
    auto init = a.lookup("/root/init");
    cr_assert(init.has_value());
    cr_expect(as_string(init.value().data) == "init\n" && init.value().permissions() == 0755);
    cr_expect(a.lookup("/bin/init").value().permissions() == 0700);
    cr_expect(a.lookup("/bin").value().is_directory(), "parents are listed");
    cr_expect(a.lookup("/root/sub/deeper/blob").value().data.size() == 5000);
    cr_expect(as_string(a.lookup("/root/sub/deeper/blob").value().data) ==
              slurp(tree + "/sub/deeper/blob"));
    cr_expect(a.lookup("/root/sub/empty").value().data.empty());
    // A hard link group keeps one copy of the data, and both names read it.
    cr_expect(as_string(a.lookup("/root/sub/hard").value().data) ==
              slurp(tree + "/sub/deeper/blob"));
    cr_expect(bytes.size() < 2 * 5000, "a hard-linked file is stored once");
    auto link = a.lookup("/root/sub/link");
    cr_expect(link.value().is_symlink() && as_string(link.value().data) == "../init");
    // Reproducible: the same inputs give the same bytes.
    cr_assert(std::system(("python3 " + script + " --out " + dir + "/b.cpio --tree " + tree +
                           ":/root --file " + tree + "/init:/bin/init:0700")
                              .c_str()) == 0);
    cr_expect(slurp(dir + "/b.cpio") == bytes, "two runs, same archive");
    // --max-size refuses an archive over the limit (user.mk's 32 MiB for the initramfs).
    cr_expect(std::system(("python3 " + script + " --out " + dir + "/c.cpio --max-size 4K --tree " +
                           tree + ":/root 2>/dev/null")
                              .c_str()) != 0);
    std::system(("rm -rf " + dir).c_str());
}

Test(cpio_reader, reads_gnu_cpio_output, .timeout = 60) {
    if (std::system("command -v cpio >/dev/null 2>&1") != 0) {
        cr_skip_test("GNU cpio is not installed (Debian package cpio)");
    }
    char dir_template[] = "/tmp/larch-cpio-XXXXXX";
    cr_assert(mkdtemp(dir_template));
    std::string dir = dir_template;
    std::string cmd =
        "set -e; cd " + dir +
        "; mkdir -p t/d; printf 'abc' > t/d/f; ln t/d/f t/d/hard; ln -s f t/d/s; cd t; "
        "find . | LC_ALL=C sort | cpio -o -H newc --quiet > ../gnu.cpio; "
        "find . | LC_ALL=C sort | cpio -o -H crc --quiet > ../crc.cpio";
    cr_assert(std::system(cmd.c_str()) == 0, "%s", cmd.c_str());
    for (const char* name : {"/gnu.cpio", "/crc.cpio"}) {
        std::string bytes = slurp(dir + name);
        Guarded g(bytes);
        cpio::Archive a = g.archive();
        cr_assert(a.validate().has_value(), "%s", name);
        cr_expect(as_string(a.lookup("/d/f").value().data) == "abc", "%s", name);
        cr_expect(as_string(a.lookup("/d/hard").value().data) == "abc", "%s: hard link", name);
        cr_expect(a.lookup("/d/s").value().is_symlink(), "%s", name);
        cr_expect(a.lookup("/").value().is_directory(), "%s", name);
    }
    std::system(("rm -rf " + dir).c_str());
}
