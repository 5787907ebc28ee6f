// kernel/lib/string.cc — memory and C-string primitives for a kernel without libc.
//
// The copies and fills are `rep movsb` / `rep stosb`: the kernel is built with
// -mgeneral-regs-only (no SSE), and on CPUs with ERMSB (QEMU's -cpu max has it) the
// string instructions move whole cache lines. Page faults zero and copy pages through
// here, so byte loops made them ~2.5x slower than Linux's (make bench, icount mode).
// Compiled for the host too (unit tests), where the names are kept out of libc's way
// by KSTRING_HOST_TEST (k_memcpy, ...).
#include "lib/string.hh"

#ifdef KSTRING_HOST_TEST
#define KFN(name) k_##name
#else
#define KFN(name) name
#endif

extern "C" {

void* KFN(memcpy)(void* dst, const void* src, usize n) {
    void* d = dst;
    asm volatile("rep movsb" : "+D"(d), "+S"(src), "+c"(n) : : "memory");
    return dst;
}

void* KFN(memmove)(void* dst, const void* src, usize n) {
    auto d = reinterpret_cast<uptr>(dst);
    auto s = reinterpret_cast<uptr>(src);
    if (d <= s || d - s >= n) return KFN(memcpy)(dst, src, n);  // a forward copy is safe
    // The destination overlaps the end of the source: copy backwards (DF set).
    void* last_d = static_cast<u8*>(dst) + n - 1;
    const void* last_s = static_cast<const u8*>(src) + n - 1;
    asm volatile("std; rep movsb; cld" : "+D"(last_d), "+S"(last_s), "+c"(n) : : "memory", "cc");
    return dst;
}

void* KFN(memset)(void* dst, int c, usize n) {
    void* d = dst;
    asm volatile("rep stosb" : "+D"(d), "+c"(n) : "a"(c) : "memory");
    return dst;
}

int KFN(memcmp)(const void* a, const void* b, usize n) {
    auto* x = static_cast<const u8*>(a);
    auto* y = static_cast<const u8*>(b);
    for (; n; --n, ++x, ++y)
        if (*x != *y) return *x < *y ? -1 : 1;
    return 0;
}

usize KFN(strlen)(const char* s) {
    usize n = 0;
    while (s[n]) ++n;
    return n;
}

usize KFN(strnlen)(const char* s, usize max) {
    usize n = 0;
    while (n < max && s[n]) ++n;
    return n;
}

int KFN(strcmp)(const char* a, const char* b) {
    while (*a && *a == *b) ++a, ++b;
    return static_cast<u8>(*a) - static_cast<u8>(*b);
}

int KFN(strncmp)(const char* a, const char* b, usize n) {
    for (; n; --n, ++a, ++b) {
        if (*a != *b) return static_cast<u8>(*a) - static_cast<u8>(*b);
        if (!*a) return 0;
    }
    return 0;
}

}  // extern "C"

bool kstr::starts_with(const char* s, const char* prefix) {
    while (*prefix)
        if (*s++ != *prefix++) return false;
    return true;
}
