// kernel/fs/ext4/hash.cc — the name hashes of indexed directories: legacy, half-MD4 and TEA.
//
// Each comes in a signed and an unsigned flavour (how bytes above 0x7F were widened on
// the machine that made the file system; the superblock says which). The hash's low
// bit is cleared: in an index, a set low bit marks a leaf that continues a run of equal
// hashes from the leaf before. The formulas are ext4's on-disk format.
#include "fs/ext4/internal.hh"

namespace ext4 {

namespace {

u32 rol(u32 x, int s) { return (x << s) | (x >> (32 - s)); }

/// Packs up to 4*num bytes of the name into num words, padded with the length.
void str2hashbuf(const char* msg, int len, u32* buf, int num, bool is_unsigned) {
    u32 pad = static_cast<u32>(len) | (static_cast<u32>(len) << 8);
    pad |= pad << 16;
    u32 val = pad;
    if (len > num * 4) len = num * 4;
    for (int i = 0; i < len; i++) {
        int c = is_unsigned ? static_cast<int>(static_cast<unsigned char>(msg[i]))
                            : static_cast<int>(static_cast<signed char>(msg[i]));
        val = static_cast<u32>(c) + (val << 8);
        if (i % 4 == 3) {
            *buf++ = val;
            val = pad;
            num--;
        }
    }
    if (--num >= 0) *buf++ = val;
    while (--num >= 0) *buf++ = pad;
}

u32 half_md4(u32 buf[4], const u32 in[8]) {
    auto F = [](u32 x, u32 y, u32 z) { return z ^ (x & (y ^ z)); };
    auto G = [](u32 x, u32 y, u32 z) { return (x & y) + ((x ^ y) & z); };
    auto H = [](u32 x, u32 y, u32 z) { return x ^ y ^ z; };
    constexpr u32 K2 = 013240474631u, K3 = 015666365641u;
    u32 a = buf[0], b = buf[1], c = buf[2], d = buf[3];
#define ROUND(f, a, b, c, d, x, s) (a += f(b, c, d) + (x), a = rol(a, s))
    ROUND(F, a, b, c, d, in[0], 3);
    ROUND(F, d, a, b, c, in[1], 7);
    ROUND(F, c, d, a, b, in[2], 11);
    ROUND(F, b, c, d, a, in[3], 19);
    ROUND(F, a, b, c, d, in[4], 3);
    ROUND(F, d, a, b, c, in[5], 7);
    ROUND(F, c, d, a, b, in[6], 11);
    ROUND(F, b, c, d, a, in[7], 19);
    ROUND(G, a, b, c, d, in[1] + K2, 3);
    ROUND(G, d, a, b, c, in[3] + K2, 5);
    ROUND(G, c, d, a, b, in[5] + K2, 9);
    ROUND(G, b, c, d, a, in[7] + K2, 13);
    ROUND(G, a, b, c, d, in[0] + K2, 3);
    ROUND(G, d, a, b, c, in[2] + K2, 5);
    ROUND(G, c, d, a, b, in[4] + K2, 9);
    ROUND(G, b, c, d, a, in[6] + K2, 13);
    ROUND(H, a, b, c, d, in[3] + K3, 3);
    ROUND(H, d, a, b, c, in[7] + K3, 9);
    ROUND(H, c, d, a, b, in[2] + K3, 11);
    ROUND(H, b, c, d, a, in[6] + K3, 15);
    ROUND(H, a, b, c, d, in[1] + K3, 3);
    ROUND(H, d, a, b, c, in[5] + K3, 9);
    ROUND(H, c, d, a, b, in[0] + K3, 11);
    ROUND(H, b, c, d, a, in[4] + K3, 15);
#undef ROUND
    buf[0] += a;
    buf[1] += b;
    buf[2] += c;
    buf[3] += d;
    return buf[1];
}

void tea(u32 buf[4], const u32 in[4]) {
    u32 sum = 0, b0 = buf[0], b1 = buf[1];
    for (int n = 0; n < 16; n++) {
        sum += 0x9E3779B9u;
        b0 += ((b1 << 4) + in[0]) ^ (b1 + sum) ^ ((b1 >> 5) + in[1]);
        b1 += ((b0 << 4) + in[2]) ^ (b0 + sum) ^ ((b0 >> 5) + in[3]);
    }
    buf[0] += b0;
    buf[1] += b1;
}

u32 legacy(const char* name, int len, bool is_unsigned) {
    u32 hash0 = 0x12a3fe2d, hash1 = 0x37abe8f9;
    for (int i = 0; i < len; i++) {
        int c = is_unsigned ? static_cast<int>(static_cast<unsigned char>(name[i]))
                            : static_cast<int>(static_cast<signed char>(name[i]));
        u32 hash = hash1 + (hash0 ^ static_cast<u32>(c * 7152373));
        if (hash & 0x80000000u) hash -= 0x7fffffff;
        hash1 = hash0;
        hash0 = hash;
    }
    return hash0 << 1;
}

}  // namespace

u32 dx_hash(const Fs& fs, StrView name, u8 version) {
    bool is_unsigned = version >= dx::UNSIGNED_DELTA;
    u8 base = is_unsigned ? static_cast<u8>(version - dx::UNSIGNED_DELTA) : version;
    const u32* seed = fs.geometry().hash_seed;
    u32 buf[4] = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476};
    if (seed[0] | seed[1] | seed[2] | seed[3])
        for (int i = 0; i < 4; i++) buf[i] = seed[i];
    const char* p = name.data;
    int len = static_cast<int>(name.len);
    u32 hash = 0;
    if (base == dx::HASH_LEGACY) {
        hash = legacy(p, len, is_unsigned);
    } else if (base == dx::HASH_HALF_MD4) {
        u32 in[8];
        for (; len > 0; len -= 32, p += 32) {
            str2hashbuf(p, len, in, 8, is_unsigned);
            half_md4(buf, in);
        }
        hash = buf[1];
    } else {
        u32 in[4];
        for (; len > 0; len -= 16, p += 16) {
            str2hashbuf(p, len, in, 4, is_unsigned);
            tea(buf, in);
        }
        hash = buf[0];
    }
    hash &= ~1u;
    if (hash == (0x7fffffffu << 1)) hash = (0x7fffffffu - 1) << 1;
    return hash;
}

}  // namespace ext4
