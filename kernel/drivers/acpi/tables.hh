// kernel/drivers/acpi/tables.hh — the ACPI driver's internals: the common table header,
// checksums, and bounds-checked reads of firmware memory.
//
// Every table starts with the same 36-byte header (signature, length, revision,
// checksum, OEM ids). A table is accepted only when its length is sane, it lies in
// the first 4 GiB (all that the early direct map reaches in lab 01) and its bytes sum
// to zero. Fields are read with memcpy-based loaders: firmware tables are packed and
// often misaligned.
#pragma once

#include "drivers/acpi/acpi.hh"
#include "lib/string.hh"

namespace acpi::detail {

constexpr usize HEADER_SIZE = 36;
constexpr u64 MAX_TABLE_SIZE = 4 * MiB;   // larger than any real table; guards loops
constexpr u64 REACHABLE_LIMIT = 4 * GiB;  // the early direct map

inline u8 load_u8(const u8* p) { return *p; }
inline u16 load_u16(const u8* p) {
    u16 v;
    memcpy(&v, p, 2);
    return v;
}
inline u32 load_u32(const u8* p) {
    u32 v;
    memcpy(&v, p, 4);
    return v;
}
inline u64 load_u64(const u8* p) {
    u64 v;
    memcpy(&v, p, 8);
    return v;
}

/// True when @p len bytes at @p p add up to 0 modulo 256.
bool checksum_ok(const u8* p, usize len);

/// A validated table: its bytes (header included) and length.
struct Table {
    const u8* bytes = nullptr;
    u32 length = 0;
    u64 phys = 0;
    explicit operator bool() const { return bytes != nullptr; }
    /// The bytes after the common header.
    const u8* body() const { return bytes + HEADER_SIZE; }
    u32 body_length() const { return length - static_cast<u32>(HEADER_SIZE); }
    u8 revision() const { return bytes[8]; }
};

/// Validates the table at @p phys (signature @p sig when not null); logs and returns an
/// empty Table when it is unreachable, too short or too long, or its checksum is wrong.
Table map_table(u64 phys, const char* sig);

/// Table parsers; each reads only inside the table and fills its part of @p info.
void parse_madt(const Table& t, Info& info);
void parse_fadt(const Table& t, Info& info);
void parse_hpet(const Table& t, Info& info);

/// Looks for `Name(_S5, Package() {a, b, ...})` in AML bytes (a DSDT body) and returns
/// the first two elements: SLP_TYPa and SLP_TYPb. False when not found or malformed.
bool find_s5(const u8* aml, usize len, u8& slp_typa, u8& slp_typb);

/// The mutable Info that init() fills.
Info& mutable_info();

}  // namespace acpi::detail
