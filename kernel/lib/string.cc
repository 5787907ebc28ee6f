// kernel/lib/string.cc — memory and C-string primitives for a kernel without libc.
//
// Byte loops on purpose: the kernel is built with -mgeneral-regs-only and these are
// not on any path that lab 01 measures. Compiled for the host too (unit tests), where
// the names are kept out of libc's way by KSTRING_HOST_TEST (k_memcpy, ...).
#include "lib/string.hh"

#ifdef KSTRING_HOST_TEST
#define KFN(name) k_##name
#else
#define KFN(name) name
#endif

extern "C" {

void* KFN(memcpy)(void* dst, const void* src, usize n) {
    auto* d = static_cast<u8*>(dst);
    auto* s = static_cast<const u8*>(src);
    while (n--) *d++ = *s++;
    return dst;
}

void* KFN(memmove)(void* dst, const void* src, usize n) {
    auto* d = static_cast<u8*>(dst);
    auto* s = static_cast<const u8*>(src);
    if (d < s) {
        while (n--) *d++ = *s++;
    } else if (d > s) {
        d += n;
        s += n;
        while (n--) *--d = *--s;
    }
    return dst;
}

void* KFN(memset)(void* dst, int c, usize n) {
    auto* d = static_cast<u8*>(dst);
    while (n--) *d++ = static_cast<u8>(c);
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
