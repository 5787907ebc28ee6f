// kernel/lib/crc.cc — table-driven CRC-32C and CRC-16 (see crc.hh).
//
// One 256-entry table each, computed at compile time: a byte at a time is fast enough
// for metadata blocks, and needs no CPU feature (the kernel is built without SSE 4.2).
#include "lib/crc.hh"

namespace {

template <typename T, T POLY>
struct CrcTable {
    T entry[256];
    constexpr CrcTable() : entry() {
        for (unsigned i = 0; i < 256; i++) {
            T c = static_cast<T>(i);
            for (int k = 0; k < 8; k++)
                c = (c & 1) ? static_cast<T>((c >> 1) ^ POLY) : static_cast<T>(c >> 1);
            entry[i] = c;
        }
    }
};

constexpr CrcTable<u32, 0x82F63B78u> crc32c_table;
constexpr CrcTable<u16, 0xA001u> crc16_table;

}  // namespace

u32 crc32c(u32 crc, const void* data, usize len) {
    const u8* p = static_cast<const u8*>(data);
    for (usize i = 0; i < len; i++) crc = crc32c_table.entry[(crc ^ p[i]) & 0xFF] ^ (crc >> 8);
    return crc;
}

u16 crc16(u16 crc, const void* data, usize len) {
    const u8* p = static_cast<const u8*>(data);
    for (usize i = 0; i < len; i++)
        crc = static_cast<u16>(crc16_table.entry[(crc ^ p[i]) & 0xFF] ^ (crc >> 8));
    return crc;
}
