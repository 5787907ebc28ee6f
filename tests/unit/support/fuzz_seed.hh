// tests/unit/support/fuzz_seed.hh — writes one seed file of a fuzzer's corpus.
//
//   write_seed(dir, "seed-exec", bytes);   // bytes: any contiguous container of bytes
//
// A file of that name already in @dir is left as it is. Used by fuzz/cpio_fuzz.cc and
// fuzz/elf_fuzz.cc, from LLVMFuzzerInitialize when $LARCH_FUZZ_SEEDS names the corpus.
#pragma once

#include <cstdio>
#include <string>

template <typename Bytes>
void write_seed(const std::string& dir, const char* name, const Bytes& bytes) {
    std::string path = dir + "/" + name;
    if (FILE* existing = std::fopen(path.c_str(), "rb")) {
        std::fclose(existing);
        return;
    }
    if (FILE* f = std::fopen(path.c_str(), "wb")) {
        std::fwrite(bytes.data(), 1, bytes.size(), f);
        std::fclose(f);
    }
}
