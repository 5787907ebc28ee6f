// tests/unit/support/mb2_builder.hh — synthesizes multiboot2 information tables.
//
//   auto table = mb2test::Builder().cmdline("log=console").mmap({{0, 0x9fc00, 1}}).finish();
//
// Tags are laid out as GRUB does (8-byte aligned, sizes without the padding); raw()
// writes any tag with any declared size, so tests and the fuzzer's seed corpus can
// describe broken tables as easily as good ones. Used by multiboot2_test.cc and
// fuzz/multiboot2_fuzz.cc.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace mb2test {

struct MmapEntry {
    uint64_t base;
    uint64_t length;
    uint32_t type;
};

class Builder {
public:
    Builder() : bytes_(8, 0) {}

    /// A tag of @p type holding @p payload; its size field says @p declared_size, or the
    /// true size (8 + payload) when that is 0.
    Builder& raw(uint32_t type, const std::vector<uint8_t>& payload, uint32_t declared_size = 0) {
        align();
        put32(type);
        put32(declared_size ? declared_size : static_cast<uint32_t>(8 + payload.size()));
        bytes_.insert(bytes_.end(), payload.begin(), payload.end());
        return *this;
    }
    Builder& string_tag(uint32_t type, const std::string& s, bool nul = true) {
        std::vector<uint8_t> p(s.begin(), s.end());
        if (nul) p.push_back(0);
        return raw(type, p);
    }
    Builder& cmdline(const std::string& s) { return string_tag(1, s); }
    Builder& loader_name(const std::string& s) { return string_tag(2, s); }
    Builder& module(uint32_t start, uint32_t end, const std::string& name) {
        std::vector<uint8_t> p;
        append32(p, start);
        append32(p, end);
        p.insert(p.end(), name.begin(), name.end());
        p.push_back(0);
        return raw(3, p);
    }
    Builder& basic_meminfo(uint32_t lower_kib, uint32_t upper_kib) {
        std::vector<uint8_t> p;
        append32(p, lower_kib);
        append32(p, upper_kib);
        return raw(4, p);
    }
    /// A memory map; entries of @p entry_size bytes (24 in GRUB), the extra bytes zero.
    Builder& mmap(const std::vector<MmapEntry>& entries, uint32_t entry_size = 24) {
        std::vector<uint8_t> p;
        append32(p, entry_size);
        append32(p, 0);  // entry_version
        for (const MmapEntry& e : entries) {
            size_t at = p.size();
            append64(p, e.base);
            append64(p, e.length);
            append32(p, e.type);
            p.resize(at + entry_size, 0);
        }
        return raw(6, p);
    }
    Builder& framebuffer(uint64_t addr, uint32_t pitch, uint32_t width, uint32_t height,
                         uint8_t bpp, uint8_t type) {
        std::vector<uint8_t> p;
        append64(p, addr);
        append32(p, pitch);
        append32(p, width);
        append32(p, height);
        p.push_back(bpp);
        p.push_back(type);
        p.push_back(0);  // reserved
        return raw(8, p);
    }
    /// ACPI 1.0 RSDP copy (20 bytes) or ACPI 2.0+ (36 bytes), filled with @p fill + i.
    Builder& acpi_old(uint8_t fill) { return raw(14, pattern(20, fill)); }
    Builder& acpi_new(uint8_t fill) { return raw(15, pattern(36, fill)); }
    Builder& end() { return raw(0, {}); }

    /// The table with its total_size set (to the bytes so far, or @p total if nonzero);
    /// with @p add_end an end tag is appended first.
    std::vector<uint8_t> finish(bool add_end = true, uint32_t total = 0) {
        if (add_end) end();
        std::vector<uint8_t> out = bytes_;
        uint32_t t = total ? total : static_cast<uint32_t>(out.size());
        std::memcpy(out.data(), &t, 4);
        return out;
    }

    static std::vector<uint8_t> pattern(size_t n, uint8_t fill) {
        std::vector<uint8_t> p(n);
        for (size_t i = 0; i < n; ++i) p[i] = static_cast<uint8_t>(fill + i);
        return p;
    }

private:
    void align() {
        while (bytes_.size() % 8) bytes_.push_back(0);
    }
    void put32(uint32_t v) { append32(bytes_, v); }
    static void append32(std::vector<uint8_t>& b, uint32_t v) {
        for (int i = 0; i < 4; ++i) b.push_back(static_cast<uint8_t>(v >> (8 * i)));
    }
    static void append64(std::vector<uint8_t>& b, uint64_t v) {
        for (int i = 0; i < 8; ++i) b.push_back(static_cast<uint8_t>(v >> (8 * i)));
    }

    std::vector<uint8_t> bytes_;
};

/// A table like GRUB gives a QEMU guest with 256 MiB: the seed of many tests.
inline std::vector<uint8_t> typical_table() {
    return Builder()
        .cmdline("test=all log=console init=\"/bin/sh -l\"")
        .loader_name("GRUB 2.06")
        .module(0x200000, 0x280000, "initramfs")
        .basic_meminfo(639, 261120)
        .mmap({{0x0, 0x9fc00, 1},
               {0x9fc00, 0x400, 2},
               {0xf0000, 0x10000, 2},
               {0x100000, 0xfee0000, 1},
               {0xffe0000, 0x20000, 2},
               {0xfffc0000, 0x40000, 2}})
        .framebuffer(0xfd000000, 4096, 1024, 768, 32, 1)
        .acpi_old(0x40)
        .acpi_new(0x80)
        .finish();
}

}  // namespace mb2test
