// tests/unit/multiboot2_test.cc — parse_multiboot2 on synthesized tables, good and broken.
//
// Every table sits at the very end of a mapping followed by a PROT_NONE page
// (unit::GuardedBuffer), with `available` equal to its size: a read of even one byte
// past what the parser may read kills the test. Broken tables must give EINVAL.
// UNIT_SOURCES: kernel/boot/multiboot2.cc kernel/lib/format.cc kernel/lib/errno.cc
#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "boot/multiboot2.hh"
#include "support/mb2_builder.hh"
#include "support/unit.hh"

using boot::BootInfo;
using boot::MemoryType;
using mb2test::Builder;

namespace {

using Bytes = std::vector<uint8_t>;

// BootInfo is large (the command line alone is 1 KiB): keep it off the stack.
struct Parsed {
    std::unique_ptr<BootInfo> info = std::make_unique<BootInfo>();
    int error = 0;
    bool ok() const { return error == 0; }
};

// Parses @p table placed right before a guard page; @p available defaults to its size.
Parsed parse(const Bytes& table, size_t available = ~size_t(0)) {
    if (available == ~size_t(0)) available = table.size();
    unit::GuardedBuffer buf(available);
    std::memcpy(buf.data(), table.data(), std::min(available, table.size()));
    Parsed p;
    Result<void> r = boot::parse_multiboot2(buf.data(), available, *p.info);
    p.error = r.is_error() ? r.error() : 0;
    return p;
}

void set32(Bytes& b, size_t at, uint32_t v) { std::memcpy(&b[at], &v, 4); }

// The offset of the first tag of @p type in a well-formed table.
size_t find_tag(const Bytes& t, uint32_t type) {
    size_t off = 8;
    while (off + 8 <= t.size()) {
        uint32_t ty, size;
        std::memcpy(&ty, &t[off], 4);
        std::memcpy(&size, &t[off + 4], 4);
        if (ty == type) return off;
        off = (off + size + 7) & ~size_t(7);
    }
    cr_assert(false, "no tag %u", type);
    return 0;
}

#define EXPECT_EINVAL(parsed, what) \
    cr_assert(eq(int, (parsed).error, EINVAL), "%s: got %s", what, errno_name((parsed).error))

}  // namespace

Test(multiboot2, minimal_table) {
    Parsed p = parse(Builder().finish());
    cr_assert(p.ok(), "%s", errno_name(p.error));
    cr_assert(eq(u64, p.info->info_size, 16));
    cr_assert(p.info->protocol == boot::Protocol::Multiboot2);
    cr_assert(eq(sz, p.info->region_count, 0));
    cr_assert(eq(sz, p.info->module_count, 0));
    cr_assert(eq(str, p.info->cmdline, ""));
    cr_assert(not(p.info->framebuffer.present));
    cr_assert(eq(u32, p.info->rsdp_copy_len, 0));
    cr_assert(eq(u32, p.info->truncations, 0));
}

Test(multiboot2, typical_table_is_read_completely) {
    Parsed p = parse(mb2test::typical_table());
    cr_assert(p.ok(), "%s", errno_name(p.error));
    BootInfo& bi = *p.info;  // not const: Criterion's eq() rejects const lvalues
    cr_assert(eq(str, bi.cmdline, "test=all log=console init=\"/bin/sh -l\""));
    cr_assert(eq(str, bi.loader_name, "GRUB 2.06"));
    cr_assert(eq(sz, bi.module_count, 1));
    cr_assert(eq(u64, bi.modules[0].start, 0x200000));
    cr_assert(eq(u64, bi.modules[0].end, 0x280000));
    cr_assert(eq(str, bi.modules[0].name, "initramfs"));
    cr_assert(eq(sz, bi.region_count, 6));
    cr_assert(eq(u64, bi.regions[3].base, 0x100000));
    cr_assert(eq(u64, bi.regions[3].length, 0xfee0000));
    cr_assert(bi.regions[3].type == MemoryType::Usable);
    cr_assert(bi.regions[1].type == MemoryType::Reserved);
    cr_assert(eq(u64, bi.usable_bytes(), 0x9fc00ull + 0xfee0000ull));
    cr_assert(bi.framebuffer.present);
    cr_assert(eq(u64, bi.framebuffer.address, 0xfd000000));
    cr_assert(eq(u32, bi.framebuffer.pitch, 4096));
    cr_assert(eq(u32, bi.framebuffer.width, 1024));
    cr_assert(eq(u32, bi.framebuffer.height, 768));
    cr_assert(eq(u8, bi.framebuffer.bpp, 32));
    cr_assert(eq(u8, bi.framebuffer.type, 1));
    cr_assert(eq(u32, bi.rsdp_copy_len, 36));  // the ACPI 2.0 copy wins
    Bytes want = Builder::pattern(36, 0x80);
    cr_assert(std::memcmp(bi.rsdp_copy, want.data(), 36) == 0);
    cr_assert(eq(u32, bi.truncations, 0));
}

Test(multiboot2, memory_types_and_wide_entries) {
    Parsed p = parse(Builder()
                         .mmap({{0x1000, 0x1000, 1},
                                {0x2000, 0x1000, 3},
                                {0x3000, 0x1000, 4},
                                {0x4000, 0x1000, 5},
                                {0x5000, 0x1000, 0},
                                {0x6000, 0x1000, 7}},
                               40)  // entries wider than GRUB's 24 bytes are stepped over correctly
                         .finish());
    cr_assert(p.ok(), "%s", errno_name(p.error));
    cr_assert(eq(sz, p.info->region_count, 6));
    const MemoryType want[] = {MemoryType::Usable,   MemoryType::AcpiReclaimable,
                               MemoryType::AcpiNvs,  MemoryType::Bad,
                               MemoryType::Reserved, MemoryType::Reserved};
    for (int i = 0; i < 6; ++i) {
        cr_assert(p.info->regions[i].type == want[i], "entry %d", i);
        cr_assert(eq(u64, p.info->regions[i].base, 0x1000ull * (i + 1)));
    }
    Parsed empty = parse(Builder().mmap({}).finish());  // a map with no entries is no error
    cr_assert(empty.ok());
    cr_assert(eq(sz, empty.info->region_count, 0));
}

Test(multiboot2, acpi_copies) {
    Parsed old_only = parse(Builder().acpi_old(1).finish());
    cr_assert(old_only.ok());
    cr_assert(eq(u32, old_only.info->rsdp_copy_len, 20));
    cr_assert(eq(u8, old_only.info->rsdp_copy[19], 20));
    Parsed new_first = parse(Builder().acpi_new(0x80).acpi_old(1).finish());
    cr_assert(new_first.ok());
    cr_assert(
        eq(u32, new_first.info->rsdp_copy_len, 36));  // the old one after it does not replace it
    cr_assert(eq(u8, new_first.info->rsdp_copy[0], 0x80));
}

Test(multiboot2, unknown_and_unused_tags_are_skipped) {
    Parsed p = parse(Builder()
                         .raw(99, Builder::pattern(13, 0))  // unknown type, odd size
                         .raw(9, Builder::pattern(20, 0))   // ELF sections: not read
                         .raw(21, Builder::pattern(4, 0))   // load base address
                         .raw(0x7fffffff, {})               // bare header
                         .cmdline("after")
                         .finish());
    cr_assert(p.ok(), "%s", errno_name(p.error));
    cr_assert(eq(str, p.info->cmdline, "after"));
}

Test(multiboot2, tags_after_the_end_tag_are_ignored) {
    Bytes t = Builder().cmdline("first").end().raw(1, {}, 4).finish(false);  // garbage after end
    Parsed p = parse(t);
    cr_assert(p.ok(), "%s", errno_name(p.error));
    cr_assert(eq(str, p.info->cmdline, "first"));
}

Test(multiboot2, long_strings_and_lists_are_cut_and_counted) {
    std::string long_line(2000, 'c');
    Builder b;
    b.cmdline(long_line).loader_name(std::string(100, 'g'));
    for (int i = 0; i < 20; ++i) b.module(0x1000 * i, 0x1000 * i + 1, "m" + std::to_string(i));
    std::vector<mb2test::MmapEntry> many;
    for (int i = 0; i < 200; ++i) many.push_back({0x1000ull * i, 0x1000, 1});
    b.mmap(many);
    Parsed p = parse(b.finish());
    cr_assert(p.ok(), "%s", errno_name(p.error));
    BootInfo& bi = *p.info;  // not const: Criterion's eq() rejects const lvalues
    cr_assert(eq(sz, strlen(bi.cmdline), sizeof bi.cmdline - 1));
    cr_assert(eq(sz, strlen(bi.loader_name), sizeof bi.loader_name - 1));
    cr_assert(eq(sz, bi.module_count, BootInfo::MAX_MODULES));
    cr_assert(eq(str, bi.modules[15].name, "m15"));
    cr_assert(eq(sz, bi.region_count, BootInfo::MAX_REGIONS));
    cr_assert(eq(u32, bi.truncations, 2 + 4 + 1));  // two strings, four modules, one map
}

Test(multiboot2, strings_that_just_fit_are_not_cut) {
    Parsed p =
        parse(Builder().cmdline(std::string(1023, 'x')).loader_name(std::string(63, 'y')).finish());
    cr_assert(p.ok());
    cr_assert(eq(sz, strlen(p.info->cmdline), 1023));
    cr_assert(eq(sz, strlen(p.info->loader_name), 63));
    cr_assert(eq(u32, p.info->truncations, 0));
}

Test(multiboot2, bad_total_size) {
    EXPECT_EINVAL(parse(Builder().finish(true, 8)), "total_size 8");
    EXPECT_EINVAL(parse(Builder().finish(true, 15)), "total_size 15");
    Bytes zero = Builder().finish();
    set32(zero, 0, 0);
    EXPECT_EINVAL(parse(zero), "total_size 0");
    Bytes t = mb2test::typical_table();
    EXPECT_EINVAL(parse(t, t.size() - 8), "total_size larger than available");
    EXPECT_EINVAL(parse(t, t.size() - 1), "total_size larger than available by one");
    Bytes huge = t;
    set32(huge, 0, 0xffffffff);
    EXPECT_EINVAL(parse(huge), "total_size 4 GiB");
    EXPECT_EINVAL(parse(t, 8), "available 8");
    EXPECT_EINVAL(parse(t, 0), "available 0");
}

Test(multiboot2, bad_pointers) {
    BootInfo* bi = new BootInfo;
    cr_assert(eq(int, boot::parse_multiboot2(nullptr, 4096, *bi).error(), EINVAL));
    Bytes t = Builder().cmdline("x").finish();
    unit::GuardedBuffer buf(t.size() + 8);
    std::memcpy(buf.data() + 4, t.data(), t.size());
    cr_assert(eq(int, boot::parse_multiboot2(buf.data() + 4, t.size(), *bi).error(), EINVAL),
              "misaligned info pointer");
    delete bi;
}

Test(multiboot2, tag_smaller_than_a_header) {
    for (uint32_t size : {0u, 1u, 7u}) {
        Bytes t = Builder().raw(99, Builder::pattern(8, 0)).finish();
        set32(t, 8 + 4, size);
        EXPECT_EINVAL(parse(t), ("tag size " + std::to_string(size)).c_str());
    }
}

Test(multiboot2, tag_running_past_the_end) {
    Bytes t = Builder().cmdline("abc").finish();
    set32(t, 12, 0x100);  // the cmdline tag claims 256 bytes
    EXPECT_EINVAL(parse(t), "tag past total_size");
    Bytes u = Builder().raw(99, Builder::pattern(16, 0)).finish();
    set32(u, 12, 0xfffffff8);  // a size that would wrap a 32-bit offset
    EXPECT_EINVAL(parse(u), "tag size near 4 GiB");
}

Test(multiboot2, tags_smaller_than_their_type_needs) {
    struct Case {
        const char* what;
        uint32_t type;
        size_t payload;
    } cases[] = {
        {"cmdline without room for its NUL", 1, 0},
        {"module without a name", 3, 8},
        {"module cut in its addresses", 3, 4},
        {"basic meminfo cut", 4, 4},
        {"mmap without its entry size", 6, 4},
        {"framebuffer cut", 8, 21},
        {"ACPI old cut", 14, 19},
        {"ACPI new cut", 15, 35},
    };
    for (const Case& c : cases) {
        Bytes payload(c.payload, 0);
        if (c.type == 6 && c.payload >= 4) payload[0] = 24;
        EXPECT_EINVAL(parse(Builder().raw(c.type, payload).finish()), c.what);
    }
}

Test(multiboot2, bad_memory_maps) {
    for (uint32_t entry_size : {0u, 8u, 16u, 20u, 25u, 28u, 0x80000000u}) {
        Bytes t = Builder().mmap({{0, 0x1000, 1}}).finish();
        set32(t, find_tag(t, 6) + 8, entry_size);
        EXPECT_EINVAL(parse(t), ("entry_size " + std::to_string(entry_size)).c_str());
    }
    // A tag whose size leaves half an entry over.
    Bytes half = Builder().mmap({{0, 0x1000, 1}, {0x1000, 0x1000, 1}}).finish();
    set32(half, find_tag(half, 6) + 4, 16 + 24 + 12);
    EXPECT_EINVAL(parse(half), "partial mmap entry");
}

// Found by the fuzzer: an empty memory map (tag size 16) whose entry_size is near 2^32.
// The loop bound `off + entry_size <= size` wrapped around to true and read past the
// tag; the table sits before an inaccessible page, so an overread crashes this test.
Test(multiboot2, mmap_entry_size_that_wraps) {
    Bytes payload(8, 0);
    payload[0] = 0xf8, payload[1] = 0xff, payload[2] = 0xff,
    payload[3] = 0xff;  // entry_size 0xfffffff8
    Parsed p = parse(Builder().raw(6, payload).finish());
    if (p.ok()) cr_assert(eq(sz, p.info->region_count, 0));
}

Test(multiboot2, missing_or_bad_end_tag) {
    EXPECT_EINVAL(parse(Builder().cmdline("x").finish(false)), "no end tag");
    EXPECT_EINVAL(parse(Builder().raw(0, {0, 0, 0, 0, 0, 0, 0, 0}).finish(false)),
                  "end tag of size 16");
    // total_size stops inside the end tag.
    Bytes t = Builder().cmdline("x").finish();
    set32(t, 0, static_cast<uint32_t>(t.size() - 4));
    EXPECT_EINVAL(parse(t), "total_size inside the end tag");
    // The last tag's padding runs past total_size, so the end tag is never reached.
    Bytes pad = Builder().raw(99, Builder::pattern(3, 0)).finish();
    set32(pad, 0, 8 + 11);
    EXPECT_EINVAL(parse(pad), "padding past total_size");
}

Test(multiboot2, strings_without_nul) {
    EXPECT_EINVAL(parse(Builder().string_tag(1, "no terminator", false).finish()), "cmdline");
    EXPECT_EINVAL(parse(Builder().string_tag(2, "no terminator", false).finish()), "loader name");
    Bytes m = Builder().module(0x1000, 0x2000, "abc").finish();
    size_t at = find_tag(m, 3);
    m[at + 16 + 3] = 'd';  // overwrite the NUL
    EXPECT_EINVAL(parse(m), "module name");
}

Test(multiboot2, module_ending_before_it_starts) {
    EXPECT_EINVAL(parse(Builder().module(0x2000, 0x1000, "backwards").finish()), "end < start");
    Parsed empty = parse(Builder().module(0x2000, 0x2000, "empty").finish());
    cr_assert(empty.ok());  // an empty module is allowed
}

Test(multiboot2, every_truncation_is_refused_without_overreading) {
    Bytes t = mb2test::typical_table();
    for (size_t n = 0; n < t.size(); ++n) {
        // Only n bytes are readable, and the header still claims the whole table.
        EXPECT_EINVAL(parse(t, n), ("available " + std::to_string(n)).c_str());
        // The header agrees with the cut: the table just stops in the middle of a tag.
        if (n >= 4) {
            Bytes cut(t.begin(), t.begin() + static_cast<long>(n));
            set32(cut, 0, static_cast<uint32_t>(n));
            EXPECT_EINVAL(parse(cut), ("cut at " + std::to_string(n)).c_str());
        }
    }
}

Test(multiboot2, random_damage_never_overreads) {
    Bytes good = mb2test::typical_table();
    auto& rng = unit::rng();
    int accepted = 0;
    for (int round = 0; round < 3000; ++round) {
        Bytes t = good;
        int flips = 1 + static_cast<int>(rng() % 4);
        for (int i = 0; i < flips; ++i) {
            size_t at = rng() % t.size();
            // Mostly damage sizes and types (the first 8 bytes of each tag), sometimes anything.
            t[at] = static_cast<uint8_t>(rng() % 3 == 0 ? rng() : t[at] ^ (1u << (rng() % 8)));
        }
        Parsed p = parse(t);
        if (!p.ok()) {
            cr_assert(eq(int, p.error, EINVAL), "round %d seed %lu", round, unit::seed());
            continue;
        }
        ++accepted;
        BootInfo& bi = *p.info;  // not const: Criterion's eq() rejects const lvalues
        cr_assert(le(sz, bi.region_count, BootInfo::MAX_REGIONS));
        cr_assert(le(sz, bi.module_count, BootInfo::MAX_MODULES));
        cr_assert(lt(sz, strnlen(bi.cmdline, sizeof bi.cmdline), sizeof bi.cmdline));
        cr_assert(lt(sz, strnlen(bi.loader_name, sizeof bi.loader_name), sizeof bi.loader_name));
        cr_assert(le(u32, bi.rsdp_copy_len, 36));
        cr_assert(le(u64, bi.info_size, t.size()));
    }
    cr_assert(gt(int, accepted, 0));  // some damage hits only payload bytes
}
