// tests/unit/elf_real_test.cc — elf::parse on real programs built at test time.
//
// A small C program (bss, a thread-local, a string table) is compiled the ways lab 03
// and lab 08 load programs: static with musl, static with glibc, static-PIE with glibc,
// dynamic PIE and non-PIE with glibc, dynamic with musl. Each result, and a few of the
// host's own programs, must parse; the segments, entry, type, PT_INTERP and PT_TLS must
// agree with what `readelf -lhW` says, and the program headers must be found in memory
// where AT_PHDR will point. Damaged copies (cut short, wrong machine) must be refused.
// Needs gcc, musl-gcc (Debian musl-tools) and readelf (binutils): tools/setup.sh.
// UNIT_SOURCES: kernel/exec/elf.cc kernel/lib/format.cc kernel/lib/errno.cc kernel/lib/string.cc
#include <criterion/criterion.h>

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "exec/elf.hh"
#include "support/unit.hh"

namespace {

const char* const PROGRAM = R"(#include <stdio.h>
#include <string.h>
static char zeroes[200000];
static __thread int counter = 3;
const char message[] = "hello from a test program";
int main(int argc, char** argv) {
    zeroes[argc] = 1;
    counter += (int)strlen(argv[0]);
    printf("%s %d %d\n", message, counter, zeroes[1]);
    return 0;
}
)";

std::string run_output(const std::string& cmd) {
    std::string out;
    FILE* p = popen(cmd.c_str(), "r");
    if (!p) return out;
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    pclose(p);
    return out;
}

std::vector<u8> read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::vector<u8>(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::vector<u8> read_head(const std::string& path, usize n) {
    std::vector<u8> head(n);
    std::ifstream in(path, std::ios::binary);
    in.read(reinterpret_cast<char*>(head.data()), static_cast<std::streamsize>(n));
    head.resize(static_cast<usize>(in.gcount()));
    return head;
}

/// A program compiled into a directory of its own, removed with it.
struct Built {
    std::string dir, path;
    operator const std::string&() const { return path; }
    ~Built() {
        if (!dir.empty()) std::system(("rm -rf '" + dir + "'").c_str());
    }
};

/// Compiles PROGRAM with @p compiler and @p flags.
Built build(const char* compiler, const char* flags) {
    char dir[] = "/tmp/larch-elf-XXXXXX";
    cr_assert(mkdtemp(dir), "mkdtemp");
    Built b;
    b.dir = dir;
    std::string src = std::string(dir) + "/prog.c", out = std::string(dir) + "/prog";
    b.path = out;
    std::ofstream(src) << PROGRAM;
    std::string cmd = std::string(compiler) + " " + flags + " -O2 -o " + out + " " + src + " 2>&1";
    std::string log = run_output(cmd);
    struct stat st;
    cr_assert(stat(out.c_str(), &st) == 0, "`%s` failed (is %s installed? tools/setup.sh):\n%s",
              cmd.c_str(), compiler, log.c_str());
    return b;
}

/// What readelf says about a program's headers.
struct Readelf {
    std::string type;  // "EXEC" or "DYN"
    u64 entry = 0;
    std::vector<elf::Segment> loads;
    bool has_tls = false;
    elf::Segment tls;
    std::string interp;
    bool has_phdr = false;
    u64 phdr_vaddr = 0;
};

u32 flags_of(const std::string& f) {
    return (f.find('R') != std::string::npos ? u32(elf::PF_R) : 0u) |
           (f.find('W') != std::string::npos ? u32(elf::PF_W) : 0u) |
           (f.find('E') != std::string::npos ? u32(elf::PF_X) : 0u);
}

bool is_hex(const std::string& t) { return t.size() > 2 && t[0] == '0' && t[1] == 'x'; }
u64 hex(const std::string& t) { return std::stoull(t, nullptr, 16); }

Readelf readelf(const std::string& path) {
    Readelf r;
    std::istringstream in(run_output("LC_ALL=C readelf -lhW '" + path + "'"));
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream words(line);
        std::vector<std::string> w{std::istream_iterator<std::string>(words),
                                   std::istream_iterator<std::string>()};
        if (w.empty()) continue;
        if (w[0] == "Type:" && w.size() > 1 && r.type.empty()) r.type = w[1];
        else if (line.find("Entry point address:") != std::string::npos) r.entry = hex(w.back());
        else if (line.find("[Requesting program interpreter: ") != std::string::npos) {
            auto at = line.find(": ") + 2;
            r.interp = line.substr(at, line.rfind(']') - at);
        } else if (w.size() >= 8 && is_hex(w[1]) && is_hex(w[2]) && is_hex(w[3]) && is_hex(w[4]) &&
                   is_hex(w[5])) {
            // TYPE OFFSET VADDR PADDR FILESZ MEMSZ FLAGS... ALIGN (flags are "R", "R E", "RW", ...)
            elf::Segment s;
            s.offset = hex(w[1]);
            s.vaddr = hex(w[2]);
            s.filesz = hex(w[4]);
            s.memsz = hex(w[5]);
            std::string flags;
            for (usize i = 6; i + 1 < w.size(); ++i) flags += w[i];
            s.flags = flags_of(flags);
            s.align = hex(w.back());
            if (w[0] == "LOAD" && s.memsz) r.loads.push_back(s);
            if (w[0] == "TLS") r.has_tls = true, r.tls = s;
            if (w[0] == "PHDR") r.has_phdr = true, r.phdr_vaddr = s.vaddr;
        }
    }
    return r;
}

/// Parses @p path and checks it against readelf; returns the parsed image.
elf::Image check_against_readelf(const std::string& path) {
    std::vector<u8> bytes = read_file(path);
    cr_assert(!bytes.empty(), "%s: cannot read", path.c_str());
    unit::GuardedBuffer buffer(bytes.data(), bytes.size());
    std::span<const u8> file(buffer.data(), bytes.size());
    auto r = elf::parse(file);
    cr_assert(r.has_value(), "%s: refused with %d", path.c_str(), r.error());
    const elf::Image im = r.value();
    Readelf want = readelf(path);
    cr_assert(!want.loads.empty(), "%s: readelf shows no PT_LOAD (is binutils installed?)",
              path.c_str());

    cr_expect(im.type == (want.type == "EXEC" ? elf::ET_EXEC : elf::ET_DYN), "%s: type %u vs %s",
              path.c_str(), im.type, want.type.c_str());
    cr_expect(im.entry == want.entry, "%s: entry %#lx vs %#lx", path.c_str(),
              (unsigned long)im.entry, (unsigned long)want.entry);
    cr_assert(im.load_count == want.loads.size(), "%s: %zu loads vs %zu", path.c_str(),
              im.load_count, want.loads.size());
    for (usize i = 0; i < im.load_count; ++i) {
        const elf::Segment &a = im.loads[i], &b = want.loads[i];
        cr_expect(a.vaddr == b.vaddr && a.offset == b.offset && a.filesz == b.filesz &&
                      a.memsz == b.memsz && a.flags == b.flags && a.align == b.align,
                  "%s: load %zu differs (vaddr %#lx vs %#lx)", path.c_str(), i,
                  (unsigned long)a.vaddr, (unsigned long)b.vaddr);
    }
    cr_expect(im.has_tls == want.has_tls, "%s: PT_TLS", path.c_str());
    if (im.has_tls) cr_expect(im.tls.memsz == want.tls.memsz && im.tls.filesz == want.tls.filesz);
    StrView interp = elf::interp_path(im, file);
    cr_expect(std::string(interp.data ? interp.data : "", interp.len) == want.interp,
              "%s: interp '%.*s' vs '%s'", path.c_str(), (int)interp.len,
              interp.data ? interp.data : "", want.interp.c_str());

    // AT_PHDR: where the table is in memory. With PT_PHDR it is that; otherwise the
    // parser found the segment mapping e_phoff. Either way, the bytes "in memory" at
    // phdr_vaddr (through the segments) are the file's table.
    cr_assert(im.has_phdr_vaddr, "%s: program headers not found in memory", path.c_str());
    if (want.has_phdr) cr_expect(im.phdr_vaddr == want.phdr_vaddr);
    bool found = false;
    for (const elf::Segment& s : im.load_segments()) {
        if (im.phdr_vaddr >= s.vaddr &&
            im.phdr_vaddr + im.phnum * elf::PHDR_SIZE <= s.vaddr + s.filesz) {
            u64 off = s.offset + (im.phdr_vaddr - s.vaddr);
            found = off == im.phoff;
        }
    }
    cr_expect(found, "%s: phdr_vaddr %#lx does not map e_phoff", path.c_str(),
              (unsigned long)im.phdr_vaddr);

    // The entry point is code.
    bool entry_in_text = false;
    for (const elf::Segment& s : im.load_segments())
        if (s.executable() && im.entry >= s.vaddr && im.entry < s.end()) entry_in_text = true;
    cr_expect(entry_in_text, "%s: entry outside executable segments", path.c_str());
    return im;
}

void check_damage_refused(const std::string& path, const elf::Image& im) {
    std::vector<u8> bytes = read_file(path);
    // Section headers may go (nothing loads them), but not a byte of a segment.
    u64 segments_end = 0;
    for (const elf::Segment& s : im.load_segments())
        segments_end = std::max(segments_end, s.offset + s.filesz);
    for (usize cut : {usize(segments_end - 1), bytes.size() / 2, usize(100), usize(63)}) {
        unit::GuardedBuffer buffer(bytes.data(), cut);
        auto r = elf::parse(std::span<const u8>(buffer.data(), cut));
        cr_expect(r.is_error() && r.error() == ENOEXEC, "%s cut to %zu bytes: accepted",
                  path.c_str(), cut);
    }
    std::vector<u8> other = bytes;
    other[18] = 183;  // e_machine = EM_AARCH64
    cr_expect(elf::parse(other).is_error(), "%s as AArch64: accepted", path.c_str());
    other = bytes;
    other[4] = 1;  // ELFCLASS32
    cr_expect(elf::parse(other).is_error(), "%s as ELFCLASS32: accepted", path.c_str());
}

}  // namespace

Test(elf_real, musl_static, .timeout = 60) {
    Built p = build("musl-gcc", "-static");
    elf::Image im = check_against_readelf(p);
    cr_expect(im.type == elf::ET_EXEC && !im.has_interp);
    cr_expect(im.loads[im.load_count - 1].memsz > im.loads[im.load_count - 1].filesz,
              "bss in the last segment");
    check_damage_refused(p, im);
}

Test(elf_real, glibc_static, .timeout = 60) {
    Built p = build("gcc", "-static");
    elf::Image im = check_against_readelf(p);
    cr_expect(im.type == elf::ET_EXEC && !im.has_interp && im.has_tls);
    check_damage_refused(p, im);
}

Test(elf_real, glibc_static_pie, .timeout = 60) {
    Built p = build("gcc", "-static-pie");
    elf::Image im = check_against_readelf(p);
    cr_expect(im.type == elf::ET_DYN && !im.has_interp, "a static PIE is ET_DYN without PT_INTERP");
    cr_expect(im.span_start == 0, "linked at 0");
    check_damage_refused(p, im);
}

Test(elf_real, glibc_dynamic, .timeout = 60) {
    elf::Image pie = check_against_readelf(build("gcc", "-pie"));
    cr_expect(pie.type == elf::ET_DYN && pie.has_interp);
    elf::Image exec = check_against_readelf(build("gcc", "-no-pie"));
    cr_expect(exec.type == elf::ET_EXEC && exec.has_interp);
}

Test(elf_real, musl_dynamic, .timeout = 60) {
    elf::Image im = check_against_readelf(build("musl-gcc", ""));
    cr_expect(im.has_interp);
}

Test(elf_real, linker_layouts, .timeout = 60) {
    // Text and read-only data in one segment, and huge pages: both load.
    check_against_readelf(build("gcc", "-static -Wl,-z,noseparate-code"));
    check_against_readelf(build("musl-gcc", "-static -Wl,-z,max-page-size=0x200000"));
}

Test(elf_real, host_programs, .timeout = 60) {
    // Whatever the host runs must parse: the first dozen ELF files of /usr/bin.
    DIR* d = opendir("/usr/bin");
    cr_assert(d);
    int checked = 0;
    while (dirent* e = readdir(d)) {
        std::string path = std::string("/usr/bin/") + e->d_name;
        struct stat st;
        if (checked == 12 || stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode) ||
            st.st_size > (64 << 20))
            continue;
        std::vector<u8> head = read_head(path, 64);
        if (head.size() < 20 || head[0] != 0x7f || head[1] != 'E' || head[18] != elf::EM_X86_64)
            continue;
        check_against_readelf(path);
        ++checked;
    }
    closedir(d);
    cr_expect(checked == 12, "only %d ELF programs in /usr/bin", checked);
}
