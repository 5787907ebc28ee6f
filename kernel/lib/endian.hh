// kernel/lib/endian.hh — reading and writing little- and big-endian integers in byte buffers.
//
//   u32 n = le32(block + 0x04);          // ext4 keeps its fields little-endian
//   put_be32(journal + 0x0C, sequence);  // jbd2 keeps its fields big-endian
//
// On-disk structures are parsed from raw bytes at given offsets rather than through
// packed structs: no unaligned access, no aliasing question, and a bounds check is one
// comparison against the buffer's size. x86_64 is little-endian.
#pragma once

#include "lib/types.hh"

inline u16 le16(const void* p) {
    u16 v;
    __builtin_memcpy(&v, p, sizeof v);
    return v;
}
inline u32 le32(const void* p) {
    u32 v;
    __builtin_memcpy(&v, p, sizeof v);
    return v;
}
inline u64 le64(const void* p) {
    u64 v;
    __builtin_memcpy(&v, p, sizeof v);
    return v;
}
inline void put_le16(void* p, u16 v) { __builtin_memcpy(p, &v, sizeof v); }
inline void put_le32(void* p, u32 v) { __builtin_memcpy(p, &v, sizeof v); }
inline void put_le64(void* p, u64 v) { __builtin_memcpy(p, &v, sizeof v); }

inline u16 be16(const void* p) { return __builtin_bswap16(le16(p)); }
inline u32 be32(const void* p) { return __builtin_bswap32(le32(p)); }
inline u64 be64(const void* p) { return __builtin_bswap64(le64(p)); }
inline void put_be16(void* p, u16 v) { put_le16(p, __builtin_bswap16(v)); }
inline void put_be32(void* p, u32 v) { put_le32(p, __builtin_bswap32(v)); }
inline void put_be64(void* p, u64 v) { put_le64(p, __builtin_bswap64(v)); }
