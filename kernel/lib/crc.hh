// kernel/lib/crc.hh — the checksums ext4 and jbd2 store on disk: CRC-32C and CRC-16.
//
// Both are the "raw" forms the file systems use: the caller gives the running value
// and nothing is inverted before or after. ext4's metadata_csum starts from ~0
// (crc32c(~0, uuid) is the checksum seed) and stores the raw result, so the standard
// CRC-32C of a buffer (the iSCSI one) is ~crc32c(~0u, buf, len).
#pragma once

#include "lib/types.hh"

/// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78) of @p len bytes, continuing @p crc.
u32 crc32c(u32 crc, const void* data, usize len);
/// CRC-16 (ANSI, reflected polynomial 0xA001) of @p len bytes, continuing @p crc; ext4's
/// older gdt_csum feature uses it for group descriptors.
u16 crc16(u16 crc, const void* data, usize len);
