// kernel/lib/libc/libc.cc — the C library functions of lib/libc/*.h that lib/string.cc lacks.
#include "lib/types.hh"

extern "C" int atoi(const char* s);

extern "C" int atoi(const char* s) {
    while (*s == ' ' || (*s >= '\t' && *s <= '\r')) ++s;
    bool negative = *s == '-';
    if (*s == '-' || *s == '+') ++s;
    int v = 0;
    for (; *s >= '0' && *s <= '9'; ++s) v = v * 10 + (*s - '0');
    return negative ? -v : v;
}
