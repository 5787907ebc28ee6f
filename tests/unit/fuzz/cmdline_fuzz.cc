// tests/unit/fuzz/cmdline_fuzz.cc — libFuzzer target: the command-line parser on arbitrary text.
//
// Checks, on every input: the words' views lie inside the line; get(key) is the value of
// the last word with that key; has() agrees; split_list's items lie inside the value
// and hold no comma; parse_u64 agrees with a 128-bit reference on the raw bytes (given
// as a view into an exact-size heap block, so reading past it is an ASan report).
// Seeds are written into $LARCH_FUZZ_SEEDS by LLVMFuzzerInitialize.
// UNIT_SOURCES: kernel/boot/cmdline.cc kernel/lib/format.cc
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "boot/cmdline.hh"

namespace {

void check(bool ok, const char* what) {
    if (!ok) {
        std::fprintf(stderr, "cmdline_fuzz: %s\n", what);
        std::abort();
    }
}

bool inside(StrView v, const char* base, size_t len) {
    return v.len == 0 || (v.data >= base && v.data + v.len <= base + len);
}

// An independent parse_u64: 128-bit arithmetic instead of the overflow test by division.
bool reference_parse(const char* s, size_t n, u64& out) {
    if (n == 0) return false;
    unsigned base = 10;
    size_t i = 0;
    if (n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) base = 16, i = 2;
    unsigned __int128 v = 0;
    size_t digits = 0;
    for (; i < n; ++i, ++digits) {
        char c = s[i];
        int d = c >= '0' && c <= '9'                 ? c - '0'
                : base == 16 && c >= 'a' && c <= 'f' ? c - 'a' + 10
                : base == 16 && c >= 'A' && c <= 'F' ? c - 'A' + 10
                                                     : -1;
        if (d < 0) break;
        v = v * base + static_cast<unsigned>(d);
        if (v > UINT64_MAX) return false;
    }
    if (!digits) return false;
    if (i < n) {
        if (i + 1 != n) return false;
        switch (s[i]) {
        case 'K':
        case 'k':
            v <<= 10;
            break;
        case 'M':
        case 'm':
            v <<= 20;
            break;
        case 'G':
        case 'g':
            v <<= 30;
            break;
        default:
            return false;
        }
        if (v > UINT64_MAX) return false;
    }
    out = static_cast<u64>(v);
    return true;
}

void write_seeds(const char* dir) {
    const char* seeds[] = {
        "test=boot_banner,int3 log=console smp_check",
        "init=\"/bin/sh -l\" quiet mem=512M",
        "a=\"unterminated b=2",
        "mem=0x10M smp=4 x=18446744073709551615 y=18446744073709551616 z=17179869184G",
        "lab=01-boot test=,,a,,b, loglevel=debug =v k==v",
        "\t a=1\n\nb=\"\" c",
        "test=cmdline_echo \"echo=larch 8f3a\" \"flag with space\" \"k=unterminated",
    };
    for (size_t i = 0; i < sizeof seeds / sizeof seeds[0]; ++i) {
        std::string path = std::string(dir) + "/seed-" + std::to_string(i);
        if (FILE* f = std::fopen(path.c_str(), "wb")) {
            std::fputs(seeds[i], f);
            std::fclose(f);
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    if (const char* dir = std::getenv("LARCH_FUZZ_SEEDS")) write_seeds(dir);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    // The raw bytes as a number: a view with no NUL after it.
    std::unique_ptr<char[]> raw(new char[size ? size : 1]);
    if (size) std::memcpy(raw.get(), data, size);
    u64 got = 0, want = 0;
    bool ok = cmdline::parse_u64(StrView(raw.get(), size), got);
    bool ref = reference_parse(raw.get(), size, want);
    check(ok == ref, "parse_u64 accepts differently from the reference");
    check(!ok || got == want, "parse_u64 value differs from the reference");

    // The bytes as a command line (an embedded NUL ends it, as in the kernel).
    size_t len = strnlen(raw.get(), size);
    std::unique_ptr<char[]> text(new char[len + 1]);
    std::memcpy(text.get(), raw.get(), len);
    text[len] = 0;
    cmdline::CommandLine line(text.get());
    std::vector<std::pair<StrView, StrView>> words;
    line.for_each([&](StrView k, StrView v) {
        check(inside(k, text.get(), len) && inside(v, text.get(), len), "view outside the line");
        words.emplace_back(k, v);
    });
    check(words.size() <= len, "more words than characters");
    for (size_t i = 0; i < words.size() && i < 16; ++i) {
        StrView key = words[i].first;
        StrView last;
        for (auto& w : words)
            if (w.first == key) last = w.second;
        bool found = false;
        StrView v = line.get(key, &found);
        check(found && v == last, "get() is not the last value of its key");
        check(line.has(key), "has() misses a key that is there");
        (void)line.get_u64(key, 0);
        cmdline::split_list(v, [&](StrView item) {
            check(!item.empty() && inside(item, v.data, v.len), "list item outside its value");
            for (size_t j = 0; j < item.len; ++j) check(item[j] != ',', "comma inside a list item");
        });
    }
    check(!line.has("absent=key"), "has() of an absent key (keys never hold a =)");
    return 0;
}
