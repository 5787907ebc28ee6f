// tests/unit/string_test.cc — the kernel's mem*/str* functions against libc's, on random inputs.
//
// kernel/lib/string.cc is built with -DKSTRING_HOST_TEST, which renames its functions
// k_memcpy, k_strlen, ... so that they and libc's can be compared in one program.
// UNIT_SOURCES: kernel/lib/string.cc
#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include <cstring>
#include <vector>

#include "lib/string.hh"
#include "support/unit.hh"

extern "C" {
void* k_memcpy(void* dst, const void* src, usize n);
void* k_memmove(void* dst, const void* src, usize n);
void* k_memset(void* dst, int c, usize n);
int k_memcmp(const void* a, const void* b, usize n);
usize k_strlen(const char* s);
usize k_strnlen(const char* s, usize max);
int k_strcmp(const char* a, const char* b);
int k_strncmp(const char* a, const char* b, usize n);
}

namespace {

int sign(int v) { return (v > 0) - (v < 0); }

std::vector<unsigned char> random_bytes(usize n) {
    std::vector<unsigned char> v(n);
    for (auto& b : v) b = static_cast<unsigned char>(unit::rng()());
    return v;
}

// A random string over a small alphabet (so comparisons often share prefixes), with
// bytes >= 0x80 to catch signed-char comparisons.
std::vector<char> random_string(usize max_len) {
    static const char alphabet[] = {'a', 'b', 'c', '\x80', '\xff', 'Z'};
    usize n = unit::rng()() % (max_len + 1);
    std::vector<char> s(n + 1, 0);
    for (usize i = 0; i < n; ++i) s[i] = alphabet[unit::rng()() % sizeof alphabet];
    return s;
}

}  // namespace

Test(string, memcpy_and_memset_match_libc) {
    for (int round = 0; round < 2000; ++round) {
        usize n = unit::rng()() % 300;
        auto src = random_bytes(n + 16);
        auto a = random_bytes(n + 16), b = a;
        usize so = unit::rng()() % 16, dof = unit::rng()() % 16;
        void* r = k_memcpy(a.data() + dof, src.data() + so, n);
        std::memcpy(b.data() + dof, src.data() + so, n);
        cr_assert(eq(ptr, r, a.data() + dof));
        cr_assert(a == b, "memcpy n=%zu seed %lu", n, unit::seed());

        int c = static_cast<int>(unit::rng()() % 512) - 128;  // only the low byte counts
        r = k_memset(a.data() + dof, c, n);
        std::memset(b.data() + dof, c, n);
        cr_assert(eq(ptr, r, a.data() + dof));
        cr_assert(a == b, "memset n=%zu c=%d seed %lu", n, c, unit::seed());
    }
}

Test(string, memmove_handles_every_overlap) {
    for (int round = 0; round < 4000; ++round) {
        usize size = 1 + unit::rng()() % 200;
        auto a = random_bytes(size), b = a;
        usize from = unit::rng()() % size, to = unit::rng()() % size;
        usize n = unit::rng()() % (size - (from > to ? from : to) + 1);
        void* r = k_memmove(a.data() + to, a.data() + from, n);
        std::memmove(b.data() + to, b.data() + from, n);
        cr_assert(eq(ptr, r, a.data() + to));
        cr_assert(a == b, "memmove from=%zu to=%zu n=%zu seed %lu", from, to, n, unit::seed());
    }
    char s[] = "abcdef";
    k_memmove(s + 1, s, 5);  // forward overlap: copies from the end
    cr_assert(eq(str, s, "aabcde"));
    char t[] = "abcdef";
    k_memmove(t, t + 1, 5);  // backward overlap: copies from the start
    cr_assert(eq(str, t, "bcdeff"));
    k_memmove(t, t, 6);
    cr_assert(eq(str, t, "bcdeff"));
}

Test(string, memcmp_matches_libc_in_sign) {
    for (int round = 0; round < 4000; ++round) {
        usize n = unit::rng()() % 40;
        auto a = random_bytes(n + 1), b = a;  // one spare byte: data() is never null
        if (n && unit::rng()() % 2)
            b[unit::rng()() % n] = static_cast<unsigned char>(unit::rng()());
        cr_assert(eq(int, sign(k_memcmp(a.data(), b.data(), n)),
                     sign(std::memcmp(a.data(), b.data(), n))),
                  "n=%zu seed %lu", n, unit::seed());
    }
    unsigned char hi = 0x80, lo = 0x01;
    cr_assert(gt(int, k_memcmp(&hi, &lo, 1), 0));  // bytes compare as unsigned
    cr_assert(eq(int, k_memcmp("abc", "abd", 0), 0));
}

Test(string, strlen_strnlen) {
    cr_assert(eq(sz, k_strlen(""), 0));
    cr_assert(eq(sz, k_strlen("hello"), 5));
    cr_assert(eq(sz, k_strnlen("hello", 3), 3));
    cr_assert(eq(sz, k_strnlen("hello", 99), 5));
    cr_assert(eq(sz, k_strnlen("hello", 0), 0));
    char unterminated[4] = {'a', 'b', 'c', 'd'};
    cr_assert(eq(sz, k_strnlen(unterminated, 4), 4));  // never reads past max
    for (int round = 0; round < 1000; ++round) {
        auto s = random_string(64);
        usize max = unit::rng()() % 80;
        cr_assert(eq(sz, k_strlen(s.data()), std::strlen(s.data())));
        cr_assert(eq(sz, k_strnlen(s.data(), max), strnlen(s.data(), max)));
    }
}

Test(string, strcmp_strncmp_match_libc_in_sign) {
    for (int round = 0; round < 6000; ++round) {
        auto a = random_string(6), b = random_string(6);
        usize n = unit::rng()() % 9;
        cr_assert(
            eq(int, sign(k_strcmp(a.data(), b.data())), sign(std::strcmp(a.data(), b.data()))),
            "strcmp(\"%s\", \"%s\") seed %lu", a.data(), b.data(), unit::seed());
        cr_assert(eq(int, sign(k_strncmp(a.data(), b.data(), n)),
                     sign(std::strncmp(a.data(), b.data(), n))),
                  "strncmp n=%zu seed %lu", n, unit::seed());
    }
    cr_assert(eq(int, k_strcmp("", ""), 0));
    cr_assert(lt(int, k_strcmp("", "a"), 0));
    cr_assert(gt(int, k_strcmp("\xff", "a"), 0));
    cr_assert(eq(int, k_strncmp("abcX", "abcY", 3), 0));
    cr_assert(eq(int, k_strncmp("a", "a", 100), 0));  // stops at the NUL
}

Test(string, starts_with) {
    cr_assert(kstr::starts_with("console", "con"));
    cr_assert(kstr::starts_with("console", ""));
    cr_assert(kstr::starts_with("console", "console"));
    cr_assert(not(kstr::starts_with("con", "console")));
    cr_assert(not(kstr::starts_with("console", "cons0")));
    cr_assert(kstr::starts_with("", ""));
}
