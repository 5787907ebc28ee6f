// tests/unit/fuzz/multiboot2_fuzz.cc — libFuzzer target: parse_multiboot2 on arbitrary bytes.
//
// The input is copied into a heap block of exactly its size, so ASan reports a read of
// even one byte too far. A table the parser accepts must leave a sane BootInfo. Seeds
// (good tables and typical damage) are written by LLVMFuzzerInitialize into
// $LARCH_FUZZ_SEEDS when it is set; tests/unit/unit.mk's runner sets it to the corpus.
// UNIT_SOURCES: kernel/boot/multiboot2.cc kernel/lib/format.cc kernel/lib/errno.cc
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "boot/multiboot2.hh"
#include "support/mb2_builder.hh"

namespace {

void check(bool ok, const char* what) {
    if (!ok) {
        std::fprintf(stderr, "multiboot2_fuzz: accepted table broke an invariant: %s\n", what);
        std::abort();
    }
}

void write_seed(const char* dir, const std::string& name, const std::vector<uint8_t>& bytes) {
    std::string path = std::string(dir) + "/seed-" + name;
    if (FILE* f = std::fopen(path.c_str(), "wb")) {
        std::fwrite(bytes.data(), 1, bytes.size(), f);
        std::fclose(f);
    }
}

void write_seeds(const char* dir) {
    using mb2test::Builder;
    write_seed(dir, "typical", mb2test::typical_table());
    write_seed(dir, "minimal", Builder().finish());
    write_seed(dir, "strings",
               Builder().cmdline("a=\"b c\" d").loader_name("x").module(1, 2, "m").finish());
    write_seed(dir, "mmap-wide",
               Builder().mmap({{0, 0x1000, 1}, {0x1000, 0x2000, 3}}, 32).finish());
    write_seed(dir, "acpi",
               Builder().acpi_new(0).acpi_old(7).framebuffer(0xb8000, 160, 80, 25, 16, 2).finish());
    write_seed(dir, "unknown",
               Builder().raw(99, Builder::pattern(5, 1)).raw(21, {1, 2, 3, 4}).finish());
    std::vector<uint8_t> bad = mb2test::typical_table();
    bad[8 + 4] = 3;  // first tag's size below a header
    write_seed(dir, "bad-size", bad);
    write_seed(dir, "no-end", Builder().cmdline("x").finish(false));
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    if (const char* dir = std::getenv("LARCH_FUZZ_SEEDS")) write_seeds(dir);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::unique_ptr<uint8_t[]> copy(new uint8_t[size ? size : 1]);
    if (size) std::memcpy(copy.get(), data, size);
    auto info = std::make_unique<boot::BootInfo>();
    Result<void> r = boot::parse_multiboot2(copy.get(), size, *info);
    if (r.is_error()) {
        check(r.error() == EINVAL, "an error other than EINVAL");
        return 0;
    }
    const boot::BootInfo& bi = *info;
    check(size >= 16 && bi.info_size >= 16 && bi.info_size <= size, "info_size");
    check(bi.region_count <= boot::BootInfo::MAX_REGIONS, "region_count");
    check(bi.module_count <= boot::BootInfo::MAX_MODULES, "module_count");
    check(strnlen(bi.cmdline, sizeof bi.cmdline) < sizeof bi.cmdline, "cmdline terminated");
    check(strnlen(bi.loader_name, sizeof bi.loader_name) < sizeof bi.loader_name,
          "loader name terminated");
    for (size_t i = 0; i < bi.module_count; ++i) {
        check(bi.modules[i].start <= bi.modules[i].end, "module bounds");
        check(strnlen(bi.modules[i].name, sizeof bi.modules[i].name) < sizeof bi.modules[i].name,
              "module name");
    }
    for (size_t i = 0; i < bi.region_count; ++i) {
        auto t = static_cast<u32>(bi.regions[i].type);
        check(t >= 1 && t <= 5, "memory type");
    }
    check(bi.rsdp_copy_len == 0 || bi.rsdp_copy_len == 20 || bi.rsdp_copy_len == 36, "rsdp length");
    return 0;
}
