// kernel/lib/string.hh — memory and C-string primitives (the compiler also calls the mem* ones).
#pragma once

#include "lib/types.hh"

extern "C" {
void* memcpy(void* dst, const void* src, usize n);
void* memmove(void* dst, const void* src, usize n);
void* memset(void* dst, int c, usize n);
int memcmp(const void* a, const void* b, usize n);
usize strlen(const char* s);
usize strnlen(const char* s, usize max);
int strcmp(const char* a, const char* b);
int strncmp(const char* a, const char* b, usize n);
}

namespace kstr {
/// True when @p s begins with @p prefix.
bool starts_with(const char* s, const char* prefix);
}  // namespace kstr
