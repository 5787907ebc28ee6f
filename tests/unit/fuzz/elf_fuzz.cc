// tests/unit/fuzz/elf_fuzz.cc — libFuzzer target for elf::parse (kernel/exec/elf.cc).
//
// Any input must either be refused with ENOEXEC or give an Image whose segments lie
// inside the input, in order, within user space; ASan catches any read outside it.
// The corpus is seeded (LARCH_FUZZ_SEEDS, see tests/unit/unit.mk) with the images of
// tests/unit/elf_builder.hh: an ET_EXEC, a static PIE with PT_PHDR and PT_TLS, and an
// ET_EXEC with PT_INTERP.
// UNIT_SOURCES: kernel/exec/elf.cc kernel/lib/format.cc kernel/lib/errno.cc kernel/lib/string.cc
#include <cstdio>
#include <cstdlib>
#include <string>

#include "elf_builder.hh"
#include "exec/elf.hh"
#include "support/fuzz_seed.hh"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    if (const char* dir = std::getenv("LARCH_FUZZ_SEEDS")) {
        write_seed(dir, "seed-exec", ElfBuilder::minimal_exec().bytes());
        write_seed(dir, "seed-pie", ElfBuilder::minimal_pie().bytes());
        write_seed(dir, "seed-interp", ElfBuilder::with_interp("/lib/ld-musl-x86_64.so.1").bytes());
    }
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const u8* data, size_t size) {
    std::span<const u8> file(data, size);
    auto r = elf::parse(file);
    if (r.is_error()) {
        if (r.error() != ENOEXEC) std::abort();
        return 0;
    }
    const elf::Image& im = r.value();
    if (im.load_count == 0 || im.load_count > elf::MAX_LOADS) std::abort();
    u64 prev_end = 0;
    for (const elf::Segment& s : im.load_segments()) {
        if (s.filesz > s.memsz || s.offset > size || s.filesz > size - s.offset) std::abort();
        if (s.vaddr < prev_end || s.end() > elf::USER_LIMIT) std::abort();
        prev_end = s.end();
    }
    if (im.span_end > elf::USER_LIMIT || im.span_start > im.loads[0].vaddr) std::abort();
    StrView interp = elf::interp_path(im, file);
    if (im.has_interp && (interp.empty() || interp.data[interp.len] != 0)) std::abort();
    return 0;
}
