// tests/unit/crc_test.cc — CRC-32C and CRC-16 against their published check values, and the endian helpers.
// UNIT_SOURCES: kernel/lib/crc.cc
#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include "lib/crc.hh"
#include "lib/endian.hh"

Test(crc, crc32c_check_value) {
    // The CRC catalogue's check value for "123456789": 0xE3069283 (with the usual inversions).
    cr_assert(eq(u32, ~crc32c(~0u, "123456789", 9), 0xE3069283u));
}

Test(crc, crc32c_continues_across_pieces) {
    u32 whole = crc32c(~0u, "123456789", 9);
    u32 parts = crc32c(crc32c(~0u, "1234", 4), "56789", 5);
    cr_assert(eq(u32, whole, parts));
}

Test(crc, crc16_check_value) {
    // CRC-16/ARC: initial 0, reflected 0x8005, check value 0xBB3D.
    cr_assert(eq(u16, crc16(0, "123456789", 9), 0xBB3D));
    // CRC-16/MODBUS is the same polynomial from ~0: 0x4B37.
    cr_assert(eq(u16, crc16(0xFFFF, "123456789", 9), 0x4B37));
}

Test(crc, endian_helpers) {
    u8 b[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    cr_assert(eq(u16, le16(b), 0x0201));
    cr_assert(eq(u32, le32(b), 0x04030201u));
    cr_assert(eq(u64, be64(b), 0x0102030405060708ull));
    put_be32(b, 0xAABBCCDDu);
    cr_assert(eq(u8, b[0], 0xAA));
    put_le16(b + 6, 0x1234);
    cr_assert(eq(u8, b[6], 0x34));
}
