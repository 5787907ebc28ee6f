// kernel/fs/jbd2/format.hh — jbd2's on-disk format: block types, superblock offsets, tag flags.
//
// Every journal metadata block starts with a 12-byte header (magic, type, sequence);
// all numbers are big-endian. Facts only; journal.cc writes and recovery.cc reads them.
#pragma once

#include "lib/types.hh"

namespace jbd2 {

constexpr u32 MAGIC = 0xC03B3998;
enum BlockType : u32 {
    DESCRIPTOR = 1,
    COMMIT = 2,
    SUPERBLOCK_V1 = 3,
    SUPERBLOCK_V2 = 4,
    REVOKE = 5
};
constexpr u32 h_magic = 0x0, h_blocktype = 0x4, h_sequence = 0x8, HEADER = 12;

/// Superblock offsets.
namespace jsb {
constexpr u32 blocksize = 0x0C, maxlen = 0x10, first = 0x14, sequence = 0x18, start = 0x1C,
              errno_ = 0x20, feature_compat = 0x24, feature_incompat = 0x28,
              feature_ro_compat = 0x2C, uuid = 0x30, nr_users = 0x40, checksum_type = 0x50,
              checksum = 0xFC, SIZE = 1024;
}  // namespace jsb

constexpr u32 COMPAT_CHECKSUM = 0x1;
constexpr u32 INCOMPAT_REVOKE = 0x1, INCOMPAT_64BIT = 0x2, INCOMPAT_ASYNC_COMMIT = 0x4,
              INCOMPAT_CSUM_V2 = 0x8, INCOMPAT_CSUM_V3 = 0x10, INCOMPAT_FAST_COMMIT = 0x20;
constexpr u32 INCOMPAT_SUPPORTED =
    INCOMPAT_REVOKE | INCOMPAT_64BIT | INCOMPAT_ASYNC_COMMIT | INCOMPAT_CSUM_V2 | INCOMPAT_CSUM_V3;
constexpr u8 CHECKSUM_CRC32C = 4;

/// Tag flags (in descriptor blocks).
constexpr u32 FLAG_ESCAPE = 1, FLAG_SAME_UUID = 2, FLAG_DELETED = 4, FLAG_LAST_TAG = 8;
constexpr u32 UUID_BYTES = 16, BLOCK_TAIL = 4;

/// Commit block offsets.
namespace commit {
constexpr u32 chksum_type = 0x0C, chksum_size = 0x0D, chksum = 0x10, sec = 0x30, nsec = 0x38;
}

/// Revoke block: r_count (bytes used, header included) after the header, then block numbers.
constexpr u32 REVOKE_COUNT = 0x0C, REVOKE_RECORDS = 0x10;

}  // namespace jbd2
