// tests/unit/symbols_test.cc — the embedded symbol table: parsing, lookups, damaged tables.
//
// Tables are built here byte for byte as tools/mksyms.py lays them out: a 16-byte
// header {magic, count, strtab_offset, total_size}, 16-byte entries {u64 address,
// u32 size, u32 name_offset} sorted by address, then the NUL-terminated names.
// UNIT_SOURCES: kernel/lib/symbols.cc kernel/lib/format.cc
#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include <cstring>
#include <string>
#include <vector>

#include "lib/symbols.hh"
#include "support/unit.hh"

namespace {

struct Sym {
    u64 address;
    u32 size;
    std::string name;
};

void put32(std::vector<u8>& b, u32 v) {
    for (int i = 0; i < 4; ++i) b.push_back(static_cast<u8>(v >> (8 * i)));
}
void put64(std::vector<u8>& b, u64 v) {
    for (int i = 0; i < 8; ++i) b.push_back(static_cast<u8>(v >> (8 * i)));
}
void set32(std::vector<u8>& b, usize at, u32 v) { std::memcpy(&b[at], &v, 4); }

std::vector<u8> build_table(const std::vector<Sym>& syms) {
    std::vector<u8> names, entries;
    for (const Sym& s : syms) {
        put64(entries, s.address);
        put32(entries, s.size);
        put32(entries, static_cast<u32>(names.size()));
        names.insert(names.end(), s.name.begin(), s.name.end());
        names.push_back(0);
    }
    std::vector<u8> t;
    u32 strtab = static_cast<u32>(16 + entries.size());
    put32(t, symbols::MAGIC);
    put32(t, static_cast<u32>(syms.size()));
    put32(t, strtab);
    put32(t, static_cast<u32>(strtab + names.size()));
    t.insert(t.end(), entries.begin(), entries.end());
    t.insert(t.end(), names.begin(), names.end());
    return t;
}

const std::vector<Sym> kernel_syms = {
    {0xffffffff80100000, 0x40, "kernel_entry"},
    {0xffffffff80100040, 0x20, "boot::kernel_main()"},
    {0xffffffff80100080, 0, "isr_common"},  // assembly: no size
    {0xffffffff80100100, 0x10, "last_fn"},
};

std::string where(u64 address) {
    char buf[128];
    fmt::format_to(buf, sizeof buf, "{}", symbols::Location{address});
    return buf;
}

// The table must stay alive while installed: keep it in a buffer that ends at a guard page.
struct Installed {
    unit::GuardedBuffer buf;
    explicit Installed(const std::vector<u8>& t) : buf(t.data(), t.size()) {}
    bool ok() { return symbols::set_table(buf.data(), buf.size()); }
};

}  // namespace

Test(symbols, lookups_inside_and_at_the_edges) {
    Installed t(build_table(kernel_syms));
    cr_assert(t.ok());
    symbols::Symbol s = symbols::lookup(0xffffffff80100000);
    cr_assert(eq(str, s.name, "kernel_entry"));
    cr_assert(eq(u64, s.address, 0xffffffff80100000));
    cr_assert(eq(u64, s.size, 0x40));
    cr_assert(eq(str, symbols::lookup(0xffffffff8010003f).name, "kernel_entry"));  // last byte
    cr_assert(eq(str, symbols::lookup(0xffffffff80100040).name, "boot::kernel_main()"));
    cr_assert(
        eq(ptr, (void*)symbols::lookup(0xffffffff80100060).name, nullptr));  // the gap after it
    cr_assert(
        eq(ptr, (void*)symbols::lookup(0xffffffff800fffff).name, nullptr));  // before the first
    cr_assert(eq(ptr, (void*)symbols::lookup(0).name, nullptr));
    // A symbol without a size extends to the next one.
    cr_assert(eq(str, symbols::lookup(0xffffffff80100080).name, "isr_common"));
    cr_assert(eq(str, symbols::lookup(0xffffffff801000ff).name, "isr_common"));
    cr_assert(eq(str, symbols::lookup(0xffffffff80100100).name, "last_fn"));
    cr_assert(eq(ptr, (void*)symbols::lookup(0xffffffff80100110).name, nullptr));
    cr_assert(eq(ptr, (void*)symbols::lookup(~0ull).name, nullptr));
}

Test(symbols, address_of) {
    Installed t(build_table(kernel_syms));
    cr_assert(t.ok());
    cr_assert(eq(u64, symbols::address_of("boot::kernel_main()"), 0xffffffff80100040));
    cr_assert(eq(u64, symbols::address_of("last_fn"), 0xffffffff80100100));
    cr_assert(eq(u64, symbols::address_of("nope"), 0));
    cr_assert(eq(u64, symbols::address_of(""), 0));
}

Test(symbols, location_formatting) {
    Installed t(build_table(kernel_syms));
    cr_assert(t.ok());
    cr_assert(eq(where(0xffffffff8010005f), std::string("boot::kernel_main()+0x1f")));
    cr_assert(eq(where(0xffffffff80100000), std::string("kernel_entry+0x0")));
    cr_assert(eq(where(0x1234), std::string("?")));
}

Test(symbols, empty_and_single_tables) {
    Installed empty(build_table({}));
    cr_assert(not(empty.ok()));  // no names at all: nothing ends in a NUL
    Installed one(build_table({{0x1000, 0x10, "only"}}));
    cr_assert(one.ok());
    cr_assert(eq(str, symbols::lookup(0x100f).name, "only"));
    cr_assert(eq(ptr, (void*)symbols::lookup(0xfff).name, nullptr));
    cr_assert(eq(ptr, (void*)symbols::lookup(0x1010).name, nullptr));
}

Test(symbols, no_table_means_unknown) {
    cr_assert(not(symbols::set_table(nullptr, 100)));
    cr_assert(eq(ptr, (void*)symbols::lookup(0xffffffff80100000).name, nullptr));
    cr_assert(eq(u64, symbols::address_of("kernel_entry"), 0));
    symbols::use_embedded_table();  // the host's .ksyms is empty
    cr_assert(eq(ptr, (void*)symbols::lookup(0xffffffff80100000).name, nullptr));
    cr_assert(eq(where(0xffffffff80100000), std::string("?")));
}

Test(symbols, malformed_tables_are_refused) {
    const std::vector<u8> good = build_table(kernel_syms);
    struct Case {
        const char* what;
        std::vector<u8> table;
        usize size;
    };
    std::vector<Case> cases;
    auto with = [&](const char* what, auto change) {
        std::vector<u8> t = good;
        usize size = t.size();
        change(t, size);
        cases.push_back({what, t, size});
    };
    with("bad magic", [](auto& t, usize&) { t[0] ^= 1; });
    with("shorter than a header", [](auto&, usize& size) { size = 15; });
    with("total_size beyond the buffer", [](auto&, usize& size) { size -= 1; });
    with("count beyond the string table", [](auto& t, usize&) { set32(t, 4, 5); });
    with("count overflowing", [](auto& t, usize&) { set32(t, 4, 0xffffffff); });
    with("strtab_offset beyond total_size",
         [&](auto& t, usize&) { set32(t, 8, static_cast<u32>(good.size() + 1)); });
    with("strtab_offset inside the entries", [](auto& t, usize&) { set32(t, 8, 16 + 16); });
    with("empty string table", [&](auto& t, usize&) {
        set32(t, 12, 16 + 4 * 16);
        set32(t, 8, 16 + 4 * 16);
    });
    with("last name without NUL", [](auto& t, usize&) { t.back() = 'x'; });
    with("addresses out of order", [](auto& t, usize&) {
        u64 a = 0xffffffff80200000;
        std::memcpy(&t[16], &a, 8);  // the first entry now sorts after the second
    });
    for (Case& c : cases) {
        unit::GuardedBuffer buf(c.table.data(), c.table.size());
        cr_assert(not(symbols::set_table(buf.data(), c.size)), "accepted: %s", c.what);
        cr_assert(eq(ptr, (void*)symbols::lookup(0xffffffff80100000).name, nullptr), "after: %s",
                  c.what);
    }
    unit::GuardedBuffer buf(good.data(), good.size());
    cr_assert(symbols::set_table(buf.data(), buf.size()));
    cr_assert(not(symbols::set_table(buf.data(), 3)));  // a refused table replaces the old one
    cr_assert(eq(ptr, (void*)symbols::lookup(0xffffffff80100000).name, nullptr));
}

Test(symbols, bad_name_offsets_read_as_unknown) {
    std::vector<u8> t = build_table(kernel_syms);
    set32(t, 16 + 12, 0x7fffffff);  // kernel_entry's name points far outside
    Installed in(t);
    cr_assert(in.ok());
    cr_assert(eq(str, symbols::lookup(0xffffffff80100000).name, "?"));
    cr_assert(eq(str, symbols::lookup(0xffffffff80100040).name, "boot::kernel_main()"));
}

Test(symbols, any_alignment_reads_correctly) {
    std::vector<u8> t = build_table(kernel_syms);
    std::vector<u8> shifted(t.size() + 3);
    std::memcpy(shifted.data() + 3, t.data(), t.size());
    cr_assert(symbols::set_table(shifted.data() + 3, t.size()));
    cr_assert(eq(str, symbols::lookup(0xffffffff80100041).name, "boot::kernel_main()"));
    cr_assert(eq(u64, symbols::address_of("last_fn"), 0xffffffff80100100));
    symbols::set_table(nullptr, 0);
}

Test(symbols, larger_table_against_a_linear_search) {
    std::vector<Sym> syms;
    u64 addr = 0xffffffff80100000;
    for (int i = 0; i < 500; ++i) {
        u32 size = static_cast<u32>(unit::rng()() % 64);  // 0 sometimes: extends to the next
        syms.push_back({addr, size, "f" + std::to_string(i)});
        addr += size + unit::rng()() % 32 + (size == 0);
    }
    Installed t(build_table(syms));
    cr_assert(t.ok());
    for (int round = 0; round < 5000; ++round) {
        u64 a = 0xffffffff80100000 - 16 + unit::rng()() % (addr - 0xffffffff80100000 + 96);
        const char* expect = nullptr;
        for (usize i = 0; i < syms.size(); ++i) {
            if (syms[i].address > a) break;
            bool last = i + 1 == syms.size() || syms[i + 1].address > a;
            if (last && (syms[i].size == 0 || a < syms[i].address + syms[i].size))
                expect = syms[i].name.c_str();
        }
        const char* got = symbols::lookup(a).name;
        if (!expect)
            cr_assert(eq(ptr, (void*)got, nullptr), "address %#lx seed %lu", a, unit::seed());
        else
            cr_assert(got && std::string(got) == expect, "address %#lx: %s, expected %s", a,
                      got ? got : "null", expect);
    }
}
