// tests/unit/elf_parse_test.cc — elf::parse on synthesized images: what it accepts, what
// it reports, and every malformed header it must refuse with ENOEXEC without reading a
// byte past the file (the file sits at the end of a page followed by an inaccessible one).
// UNIT_SOURCES: kernel/exec/elf.cc kernel/lib/format.cc kernel/lib/errno.cc kernel/lib/string.cc
#include <criterion/criterion.h>

#include <cstdint>
#include <vector>

#include "elf_builder.hh"
#include "exec/elf.hh"
#include "support/unit.hh"

#define EXPECT_EQ(a, b) \
    cr_expect(eq_u((a), (b)), "%s = %#lx, expected %s = %#lx", #a, u_(a), #b, u_(b))
#define ASSERT_EQ(a, b) \
    cr_assert(eq_u((a), (b)), "%s = %#lx, expected %s = %#lx", #a, u_(a), #b, u_(b))

namespace {

template <typename A, typename B>
bool eq_u(const A& a, const B& b) {
    return static_cast<u64>(a) == static_cast<u64>(b);
}
template <typename A>
unsigned long u_(const A& a) {
    return static_cast<unsigned long>(a);
}

/// Parses @p bytes placed so that the byte after the last one is unreadable. (An
/// Image holds offsets, not pointers, so it outlives the buffer.)
Result<elf::Image> parse_guarded(const std::vector<u8>& bytes) {
    unit::GuardedBuffer buffer(bytes.data(), bytes.size());
    return elf::parse(std::span<const u8>(buffer.data(), bytes.size()));
}

int parse_error(const std::vector<u8>& bytes) {
    auto r = parse_guarded(bytes);
    return r.is_error() ? r.error() : 0;
}

int parse_error(const ElfBuilder& b) { return parse_error(b.bytes()); }

void expect_enoexec(const ElfBuilder& b, const char* what) {
    int e = parse_error(b);
    cr_expect(e == ENOEXEC, "%s: expected ENOEXEC, got %d", what, e);
}

}  // namespace

// --- images that load -------------------------------------------------------------

Test(elf_parse, minimal_exec) {
    auto r = parse_guarded(ElfBuilder::minimal_exec().bytes());
    cr_assert(r.has_value(), "error %d", r.error());
    const elf::Image& im = r.value();
    EXPECT_EQ(im.type, elf::ET_EXEC);
    EXPECT_EQ(im.entry, 0x400180);
    EXPECT_EQ(im.phnum, 3);
    EXPECT_EQ(im.phentsize, 56);
    ASSERT_EQ(im.load_count, 2);
    EXPECT_EQ(im.loads[0].vaddr, 0x400000);
    cr_expect(im.loads[0].executable() && im.loads[0].readable() && !im.loads[0].writable());
    EXPECT_EQ(im.loads[1].vaddr, 0x401200);
    EXPECT_EQ(im.loads[1].filesz, 0x20);
    EXPECT_EQ(im.loads[1].memsz, 0x1000);
    cr_expect(im.loads[1].writable() && !im.loads[1].executable());
    EXPECT_EQ(im.span_start, 0x400000);
    EXPECT_EQ(im.span_end, 0x403000);
    // No PT_PHDR: the table is found inside the first PT_LOAD.
    cr_expect(im.has_phdr_vaddr);
    EXPECT_EQ(im.phdr_vaddr, 0x400040);
    cr_expect(!im.has_interp);
    cr_expect(!im.has_tls);
    cr_expect(!im.executable_stack);
}

Test(elf_parse, minimal_pie_with_phdr_and_tls) {
    ElfBuilder b = ElfBuilder::minimal_pie();
    auto r = parse_guarded(b.bytes());
    cr_assert(r.has_value(), "error %d", r.error());
    const elf::Image& im = r.value();
    EXPECT_EQ(im.type, elf::ET_DYN);
    EXPECT_EQ(im.entry, 0x180);
    EXPECT_EQ(im.load_count, 2);
    EXPECT_EQ(im.span_start, 0);
    EXPECT_EQ(im.span_end, 0x3000);
    cr_expect(im.has_phdr_vaddr);
    EXPECT_EQ(im.phdr_vaddr, 0x40);
    cr_assert(im.has_tls);
    EXPECT_EQ(im.tls.vaddr, 0x1200);
    EXPECT_EQ(im.tls.filesz, 8);
    EXPECT_EQ(im.tls.memsz, 0x40);
}

Test(elf_parse, interp_is_reported) {
    std::vector<u8> bytes = ElfBuilder::with_interp("/lib/ld-musl-x86_64.so.1").bytes();
    auto r = parse_guarded(bytes);
    cr_assert(r.has_value(), "error %d", r.error());
    cr_assert(r.value().has_interp);
    StrView path = elf::interp_path(r.value(), bytes);
    cr_expect(std::string(path.data, path.len) == "/lib/ld-musl-x86_64.so.1");
    // Without one, the path is empty.
    std::vector<u8> plain = ElfBuilder::minimal_exec().bytes();
    auto p = elf::parse(plain);
    cr_expect(elf::interp_path(p.value(), plain).empty());
}

Test(elf_parse, executable_stack_is_reported) {
    ElfBuilder b = ElfBuilder::minimal_exec();
    b.phdrs.back() = ElfBuilder::gnu_stack(elf::PF_R | elf::PF_W | elf::PF_X);
    auto r = parse_guarded(b.bytes());
    cr_assert(r.has_value());
    cr_expect(r.value().executable_stack);
}

Test(elf_parse, unknown_types_are_skipped) {
    ElfBuilder b = ElfBuilder::minimal_exec();
    for (u32 type :
         {u32(elf::PT_NOTE), u32(elf::PT_NULL), u32(elf::PT_DYNAMIC), 0x6474e552u /* RELRO */,
          0x6474e553u /* GNU_PROPERTY */, 0x70000001u, 0xffffffffu}) {
        elf::ProgramHeader p{};
        p.type = type;
        p.offset = ~u64(0);  // nonsense that only a PT_LOAD-like reader would trip over
        p.filesz = ~u64(0);
        b.phdrs.push_back(p);
    }
    auto r = parse_guarded(b.bytes());
    cr_assert(r.has_value(), "error %d", r.error());
    EXPECT_EQ(r.value().load_count, 2);
}

Test(elf_parse, empty_load_is_skipped) {
    ElfBuilder b = ElfBuilder::minimal_exec();
    b.phdrs.push_back(ElfBuilder::load(0x500000, 0, 0, 0, elf::PF_R));
    auto r = parse_guarded(b.bytes());
    cr_assert(r.has_value(), "error %d", r.error());
    EXPECT_EQ(r.value().load_count, 2);
}

Test(elf_parse, segments_may_share_a_page) {
    // The data segment starts in the page where the text ends, bytes apart: legal
    // (old linkers do it); the loader maps that page once with both permissions.
    ElfBuilder b = ElfBuilder::minimal_exec();
    b.phdrs[1] = ElfBuilder::load(0x400200, 0x200, 0x20, 0x1000, elf::PF_R | elf::PF_W);
    auto r = parse_guarded(b.bytes());
    cr_assert(r.has_value(), "error %d", r.error());
    EXPECT_EQ(r.value().span_end, 0x402000);
}

Test(elf_parse, load_limits) {
    ElfBuilder b = ElfBuilder::minimal_exec();
    b.phdrs.pop_back();
    b.phdrs.pop_back();  // keep the text segment only
    while (b.phdrs.size() < elf::MAX_LOADS) {
        u64 n = b.phdrs.size();
        b.phdrs.push_back(ElfBuilder::load(0x400000 + n * 0x1000, 0x200, 0x10, 0x10, elf::PF_R, 0));
        b.phdrs.back().vaddr = 0x400200 + n * 0x1000;
    }
    auto r = parse_guarded(b.bytes());
    cr_assert(r.has_value(), "%zu loads: error %d", b.phdrs.size(), r.error());
    EXPECT_EQ(r.value().load_count, elf::MAX_LOADS);
    b.phdrs.push_back(ElfBuilder::load(0x400200 + 100 * 0x1000, 0x200, 0x10, 0x10, elf::PF_R, 0));
    expect_enoexec(b, "one PT_LOAD too many");
}

Test(elf_parse, many_program_headers) {
    ElfBuilder b = ElfBuilder::minimal_exec();
    b.body.resize(0x2000);  // room for the table; the first load keeps covering its start
    while (b.phdrs.size() < elf::MAX_PHDRS) b.phdrs.push_back(elf::ProgramHeader{});
    auto r = parse_guarded(b.bytes());
    cr_assert(r.has_value(), "error %d", r.error());
    cr_expect(!r.value().has_phdr_vaddr, "the table runs past the first segment's file bytes");
    b.phdrs.push_back(elf::ProgramHeader{});
    expect_enoexec(b, "phnum above MAX_PHDRS");
}

Test(elf_parse, unaligned_file_is_fine) {
    // The parser copies headers out; a file at an odd address parses the same (UBSan
    // would flag any misaligned load in the asan build).
    std::vector<u8> bytes = ElfBuilder::minimal_pie().bytes();
    std::vector<u8> shifted(bytes.size() + 3);
    std::memcpy(shifted.data() + 3, bytes.data(), bytes.size());
    auto r = elf::parse(std::span<const u8>(shifted.data() + 3, bytes.size()));
    cr_assert(r.has_value(), "error %d", r.error());
    EXPECT_EQ(r.value().phdr_vaddr, 0x40);
}

// --- the file header ----------------------------------------------------------------

Test(elf_parse, truncated_everywhere) {
    // Every proper prefix of a valid file is refused: the header, the table, and the
    // last segment's bytes all run to the end of the file.
    for (const ElfBuilder& b : {ElfBuilder::minimal_exec(), ElfBuilder::minimal_pie()}) {
        std::vector<u8> bytes = b.bytes();
        for (usize n = 0; n < bytes.size(); ++n) {
            std::vector<u8> cut(bytes.begin(), bytes.begin() + static_cast<long>(n));
            int e = parse_error(cut);
            cr_expect(e == ENOEXEC, "prefix of %zu of %zu bytes: got %d", n, bytes.size(), e);
        }
        EXPECT_EQ(parse_error(bytes), 0);
    }
}

Test(elf_parse, bad_identification) {
    for (int i = 0; i < 4; ++i) {
        ElfBuilder b = ElfBuilder::minimal_exec();
        b.header.ident[i] ^= 0x20;
        expect_enoexec(b, "bad magic byte");
    }
    ElfBuilder b = ElfBuilder::minimal_exec();
    b.header.ident[4] = 1;
    expect_enoexec(b, "ELFCLASS32");
    b.header.ident[4] = 0;
    expect_enoexec(b, "ELFCLASSNONE");
    b = ElfBuilder::minimal_exec();
    b.header.ident[5] = 2;
    expect_enoexec(b, "big-endian");
    b.header.ident[5] = 0;
    expect_enoexec(b, "ELFDATANONE");
}

Test(elf_parse, wrong_type_or_machine) {
    for (u16 type : {0, 1, 4, 0xfe00, 0xffff}) {
        ElfBuilder b = ElfBuilder::minimal_exec();
        b.header.type = type;
        expect_enoexec(b, "e_type");
    }
    for (u16 machine : {0, 3 /* i386 */, 40 /* ARM */, 183 /* AArch64 */, 243 /* RISC-V */}) {
        ElfBuilder b = ElfBuilder::minimal_exec();
        b.header.machine = machine;
        expect_enoexec(b, "e_machine");
    }
}

Test(elf_parse, bad_program_header_table) {
    ElfBuilder b = ElfBuilder::minimal_exec();
    for (u16 size : {0, 32, 55, 57, 64}) {
        b.header.phentsize = size;
        expect_enoexec(b, "e_phentsize");
    }
    b = ElfBuilder::minimal_exec();
    b.header.phnum = 0;
    cr_expect(eq_u(parse_error(b.bytes(true)), ENOEXEC), "e_phnum 0");
    b.header.phnum = 0xffff;
    cr_expect(eq_u(parse_error(b.bytes(true)), ENOEXEC), "e_phnum 0xffff");
    b.header.phnum = 20;  // more than the file holds
    cr_expect(eq_u(parse_error(b.bytes(true)), ENOEXEC), "table past the end");

    for (u64 phoff : {u64(0x220), u64(0x200), u64(0x1000), ~u64(0), ~u64(0) - 55, u64(1) << 63}) {
        ElfBuilder c = ElfBuilder::minimal_exec();
        c.header.phoff = phoff;
        std::vector<u8> bytes = c.bytes();
        bytes.resize(0x220);
        cr_expect(eq_u(parse_error(bytes), ENOEXEC), "e_phoff %#lx",
                  static_cast<unsigned long>(phoff));
    }
}

// --- PT_LOAD ------------------------------------------------------------------------

Test(elf_parse, load_sizes_and_ranges) {
    struct Case {
        const char* what;
        void (*edit)(elf::ProgramHeader&);
    };
    const Case cases[] = {
        {"filesz > memsz", [](elf::ProgramHeader& p) { p.filesz = p.memsz + 1; }},
        {"file bytes past the end", [](elf::ProgramHeader& p) { p.filesz = p.memsz = 0x1000; }},
        {"offset past the end", [](elf::ProgramHeader& p) { p.offset = 0x1200; }},
        {"offset + filesz overflows",
         [](elf::ProgramHeader& p) {
             p.offset = ~u64(0) - 0xdff;
             p.filesz = p.memsz = 0x2000;
         }},
        {"vaddr + memsz overflows",
         [](elf::ProgramHeader& p) {
             p.vaddr = ~u64(0) - 0xdff;
             p.offset = 0x200;
         }},
        {"ends above user space", [](elf::ProgramHeader& p) { p.vaddr = elf::USER_LIMIT - 0xe00; }},
        {"kernel address", [](elf::ProgramHeader& p) { p.vaddr = 0xffffffff80001200; }},
        {"huge memsz", [](elf::ProgramHeader& p) { p.memsz = u64(1) << 62; }},
        {"align not a power of two", [](elf::ProgramHeader& p) { p.align = 0x1800; }},
        {"align 3", [](elf::ProgramHeader& p) { p.align = 3; }},
        {"vaddr and offset differ modulo the page", [](elf::ProgramHeader& p) { p.vaddr += 8; }},
        {"vaddr and offset differ modulo p_align",
         [](elf::ProgramHeader& p) { p.align = 0x200000; }},
        {"before the previous segment", [](elf::ProgramHeader& p) { p.vaddr = 0x300200; }},
        {"overlapping the previous segment",
         [](elf::ProgramHeader& p) {
             p.vaddr = 0x400100;
             p.offset = 0x100;
         }},
    };
    for (const Case& c : cases) {
        ElfBuilder b = ElfBuilder::minimal_exec();
        c.edit(b.phdrs[1]);
        expect_enoexec(b, c.what);
    }
    // The same segment without the edits loads (the cases above are the only difference).
    EXPECT_EQ(parse_error(ElfBuilder::minimal_exec()), 0);
}

Test(elf_parse, exec_in_low_memory_refused) {
    ElfBuilder b = ElfBuilder::minimal_exec();
    b.phdrs[0].vaddr = b.phdrs[0].paddr = 0;
    b.phdrs[1].vaddr = 0x1200;
    expect_enoexec(b, "ET_EXEC at address 0");
    // A PIE is relative: the same addresses are fine for ET_DYN.
    b.header.type = elf::ET_DYN;
    EXPECT_EQ(parse_error(b), 0);
}

Test(elf_parse, no_load_segment) {
    ElfBuilder b = ElfBuilder::minimal_exec();
    b.phdrs.erase(b.phdrs.begin(), b.phdrs.begin() + 2);
    expect_enoexec(b, "only PT_GNU_STACK");
}

// --- PT_INTERP, PT_PHDR, PT_TLS -----------------------------------------------------------

Test(elf_parse, bad_interp) {
    ElfBuilder b = ElfBuilder::with_interp("/lib/ld.so");
    b.phdrs[0].filesz = 0;
    expect_enoexec(b, "empty PT_INTERP");
    b.phdrs[0].filesz = 1;
    expect_enoexec(b, "PT_INTERP of just a NUL");
    b = ElfBuilder::with_interp("/lib/ld.so");
    b.phdrs[0].filesz -= 1;
    expect_enoexec(b, "PT_INTERP without its NUL");
    b = ElfBuilder::with_interp("");
    b.phdrs[0].filesz = 2;
    expect_enoexec(b, "PT_INTERP naming the empty string");
    b = ElfBuilder::with_interp("/lib/ld.so");
    b.phdrs[0].offset = 0x21c;
    expect_enoexec(b, "PT_INTERP past the end");
    b.phdrs[0].offset = ~u64(0) - 4;
    expect_enoexec(b, "PT_INTERP offset overflows");
    b = ElfBuilder::with_interp(std::string(5000, 'x'));
    expect_enoexec(b, "PT_INTERP longer than PATH_MAX");
    b = ElfBuilder::with_interp("/lib/ld.so");
    b.phdrs.push_back(b.phdrs[0]);
    expect_enoexec(b, "two PT_INTERPs");
}

Test(elf_parse, bad_phdr) {
    ElfBuilder b = ElfBuilder::minimal_pie();
    std::swap(b.phdrs[0], b.phdrs[1]);
    expect_enoexec(b, "PT_PHDR after a PT_LOAD");
    b = ElfBuilder::minimal_pie();
    b.phdrs.insert(b.phdrs.begin(), b.phdrs[0]);
    b.fix_phdr_size();
    expect_enoexec(b, "two PT_PHDRs");
    b = ElfBuilder::minimal_pie();
    b.phdrs[0].vaddr += 0x1000;
    expect_enoexec(b, "PT_PHDR where no segment maps the table");
    b = ElfBuilder::minimal_pie();
    b.phdrs[0].vaddr = 0x1240;
    expect_enoexec(b, "PT_PHDR address inside another segment");
    b = ElfBuilder::minimal_pie();
    b.phdrs[0].offset = 0x48;
    b.phdrs[0].vaddr = 0x48;
    expect_enoexec(b, "PT_PHDR offset other than e_phoff");
    b = ElfBuilder::minimal_pie();
    b.phdrs[0].filesz = b.phdrs[0].memsz = elf::PHDR_SIZE;
    expect_enoexec(b, "PT_PHDR smaller than the table");
    b = ElfBuilder::minimal_pie();
    b.phdrs[1].filesz = 0x60;  // the text segment's file bytes end inside the table
    b.phdrs[1].memsz = 0x200;
    expect_enoexec(b, "PT_PHDR not backed by file bytes");
}

Test(elf_parse, bad_tls) {
    ElfBuilder b = ElfBuilder::minimal_pie();
    b.phdrs.insert(b.phdrs.end() - 1, b.phdrs[3]);
    b.fix_phdr_size();
    expect_enoexec(b, "two PT_TLS");
    b = ElfBuilder::minimal_pie();
    b.phdrs[3].filesz = b.phdrs[3].memsz + 1;
    expect_enoexec(b, "PT_TLS filesz > memsz");
    b = ElfBuilder::minimal_pie();
    b.phdrs[3].align = 12;
    expect_enoexec(b, "PT_TLS align 12");
    b = ElfBuilder::minimal_pie();
    b.phdrs[3].offset = 0x21c;
    expect_enoexec(b, "PT_TLS past the end");
}

// --- random damage --------------------------------------------------------------------

namespace {

/// What any accepted image must satisfy, whatever bytes it came from.
void check_invariants(const elf::Image& im, usize file_size) {
    cr_assert(im.load_count >= 1 && im.load_count <= elf::MAX_LOADS);
    u64 prev_end = 0;
    for (usize i = 0; i < im.load_count; ++i) {
        const elf::Segment& s = im.loads[i];
        cr_assert(s.filesz <= s.memsz);
        cr_assert(s.offset <= file_size && s.filesz <= file_size - s.offset);
        cr_assert(s.vaddr >= prev_end, "segments out of order");
        cr_assert(s.end() >= s.vaddr && s.end() <= elf::USER_LIMIT);
        prev_end = s.end();
    }
    cr_assert(im.span_start <= im.loads[0].vaddr && im.span_end >= prev_end);
    cr_assert(im.span_end <= elf::USER_LIMIT);
    if (im.has_interp) cr_assert(im.interp_offset + im.interp_size < file_size);
}

}  // namespace

Test(elf_parse, random_damage_never_overreads) {
    // Flip bytes of valid images at random; whatever the parser accepts must still
    // make sense, and under ASan no access may leave the buffer.
    std::mt19937_64& rng = unit::rng();
    const std::vector<u8> seeds[] = {ElfBuilder::minimal_exec().bytes(),
                                     ElfBuilder::minimal_pie().bytes(),
                                     ElfBuilder::with_interp("/lib/ld.so").bytes()};
    usize accepted = 0;
    for (int round = 0; round < 20000; ++round) {
        std::vector<u8> bytes = seeds[round % 3];
        int flips = 1 + static_cast<int>(rng() % 4);
        for (int i = 0; i < flips; ++i) {
            // Mostly hit the headers, where the interesting numbers are.
            usize at = rng() % 2 ? rng() % 400 % bytes.size() : rng() % bytes.size();
            bytes[at] = static_cast<u8>(rng());
        }
        if (rng() % 8 == 0) bytes.resize(rng() % bytes.size());
        auto r = parse_guarded(bytes);
        if (r.has_value()) {
            ++accepted;
            check_invariants(r.value(), bytes.size());
        } else {
            cr_assert(eq_u(r.error(), ENOEXEC), "seed %lu round %d",
                      static_cast<unsigned long>(unit::seed()), round);
        }
    }
    cr_expect(accepted > 0, "some damage is harmless (padding bytes)");
}
