/* kernel/net/lwip/arch/cc.h — lwIP's compiler and platform port for Larch (lab 07).
 *
 * lwIP (fetched by tools/fetch-lwip.sh, never in the repository) is C compiled
 * freestanding: no libc beyond lib/libc/, so everything arch.h would take from libc
 * headers (limits, inttypes, ctype, printf, rand) is given here. */
#ifndef LARCH_LWIP_ARCH_CC_H
#define LARCH_LWIP_ARCH_CC_H

#define LWIP_NO_LIMITS_H 1
#define LWIP_NO_UNISTD_H 1
#define LWIP_NO_INTTYPES_H 1
#define LWIP_NO_CTYPE_H 1

#define INT_MAX __INT_MAX__
#define SSIZE_MAX __LONG_MAX__
typedef long ssize_t;

#define X8_F "02x"
#define U16_F "hu"
#define S16_F "hd"
#define X16_F "hx"
#define U32_F "u"
#define S32_F "d"
#define X32_F "x"
#define SZT_F "lu"

#define LWIP_PLATFORM_BYTESWAP 1
#define lwip_htons(x) ((u16_t)__builtin_bswap16((u16_t)(x)))
#define lwip_htonl(x) ((u32_t)__builtin_bswap32((u32_t)(x)))

#ifdef __cplusplus
extern "C" {
#endif
/** A failed lwIP assertion: a kernel panic naming it (net/lwip/sys_arch.cc). */
__attribute__((noreturn)) void larch_lwip_assert(const char* what, int line, const char* file);
/** 32 random bits (TCP initial sequence numbers, ports, DHCP transaction ids). */
unsigned larch_lwip_rand(void);
/** The kernel heap for lwIP (MEM_LIBC_MALLOC): null when it is exhausted. */
void* larch_lwip_malloc(__SIZE_TYPE__ size);
void* larch_lwip_calloc(__SIZE_TYPE__ n, __SIZE_TYPE__ size);
void larch_lwip_free(void* p);
#ifdef __cplusplus
}
#endif

/* Diagnostics are off (LWIP_DEBUG is not defined); assertions panic. */
#define LWIP_PLATFORM_DIAG(x) \
    do {                      \
    } while (0)
#define LWIP_PLATFORM_ASSERT(x) larch_lwip_assert((x), __LINE__, __FILE__)
#define LWIP_RAND() ((u32_t)larch_lwip_rand())

#endif
