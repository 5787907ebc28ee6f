/* kernel/lib/libc/stdlib.h — the part of <stdlib.h> that C code built into the kernel uses.
 *
 * lwIP includes it for atoi (interface names, netif.c). Memory never comes from here:
 * lwIP's allocations go to the kernel heap through lwipopts.h (net/lwip/). */
#ifndef LARCH_LIBC_STDLIB_H
#define LARCH_LIBC_STDLIB_H

#ifdef __cplusplus
extern "C" {
#endif
/** The decimal integer at the start of @p s (leading blanks and a sign allowed). */
int atoi(const char* s);
#ifdef __cplusplus
}
#endif

#endif
