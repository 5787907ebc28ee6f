// tests/unit/fuzz/cpio_fuzz.cc — libFuzzer target for the initramfs reader (kernel/fs/cpio.cc).
//
// Any input must either be refused with EINVAL or walk to its end with every name and
// data view inside the input; lookups must not read outside it either (ASan).
// The corpus is seeded (LARCH_FUZZ_SEEDS) with a small archive like user/mkinitramfs.py
// writes, and one with a hard-link group and a checksummed member.
// UNIT_SOURCES: kernel/fs/cpio.cc kernel/lib/format.cc kernel/lib/errno.cc kernel/lib/string.cc
#include <cstdio>
#include <cstdlib>
#include <string>

#include "fs/cpio.hh"
#include "support/fuzz_seed.hh"

namespace {

std::string member(const char* magic, unsigned ino, unsigned mode, unsigned nlink,
                   const std::string& name, const std::string& data) {
    unsigned sum = 0;
    for (unsigned char c : data) sum += c;
    char h[111];
    std::snprintf(h, sizeof h, "%s%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08zX%08X", magic,
                  ino, mode, 0u, 0u, nlink, 0u, static_cast<unsigned>(data.size()), 0u, 0u, 0u, 0u,
                  name.size() + 1, sum);
    std::string s = std::string(h) + name + '\0';
    while (s.size() % 4) s += '\0';
    s += data;
    while (s.size() % 4) s += '\0';
    return s;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    if (const char* dir = std::getenv("LARCH_FUZZ_SEEDS")) {
        std::string trailer = member("070701", 0, 0, 1, "TRAILER!!!", "");
        write_seed(dir, "seed-tree",
                   member("070701", 1, 040755, 2, "bin", "") +
                       member("070701", 2, 0100755, 1, "bin/init",
                              "\x7f"
                              "ELF") +
                       member("070701", 3, 0120777, 1, "bin/sh", "init") + trailer);
        write_seed(dir, "seed-links",
                   member("070702", 7, 0100644, 2, "a", "") +
                       member("070702", 7, 0100644, 2, "b", "shared") + trailer +
                       std::string(8, '\0') + member("070701", 1, 0100644, 1, "a", "new") +
                       trailer);
    }
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const u8* data, size_t size) {
    cpio::Archive archive(std::span<const u8>(data, size));
    cpio::Cursor cursor = archive.begin();
    cpio::Entry e;
    for (;;) {
        auto r = cursor.next(e);
        if (r.is_error()) {
            if (r.error() != EINVAL) std::abort();
            break;
        }
        if (!r.value()) break;
        auto name = reinterpret_cast<const u8*>(e.name.data);
        if (name < data || name + e.name.len >= data + size) std::abort();
        if (!e.data.empty() &&
            (e.data.data() < data || e.data.data() + e.data.size() > data + size))
            std::abort();
    }
    for (const char* path : {"a", "/bin/init", "bin/sh", "."}) {
        auto r = archive.lookup(path);
        if (r.is_error() && r.error() != ENOENT && r.error() != EINVAL) std::abort();
    }
    return 0;
}
