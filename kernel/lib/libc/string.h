/* kernel/lib/libc/string.h — the part of <string.h> that C code built into the kernel uses.
 *
 * The kernel has no C library: lwIP (lab 07) is compiled with -nostdinc, and this folder
 * holds the few libc headers it includes. The functions are the kernel's own
 * (lib/string.cc, lib/libc/libc.cc). */
#ifndef LARCH_LIBC_STRING_H
#define LARCH_LIBC_STRING_H

typedef __SIZE_TYPE__ size_t;

#ifdef __cplusplus
extern "C" {
#endif
void* memcpy(void* dst, const void* src, size_t n);
void* memmove(void* dst, const void* src, size_t n);
void* memset(void* dst, int c, size_t n);
int memcmp(const void* a, const void* b, size_t n);
size_t strlen(const char* s);
int strcmp(const char* a, const char* b);
int strncmp(const char* a, const char* b, size_t n);
#ifdef __cplusplus
}
#endif

#endif
