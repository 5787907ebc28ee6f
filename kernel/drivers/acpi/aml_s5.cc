// kernel/drivers/acpi/aml_s5.cc — finding \_S5 in the DSDT without an AML interpreter.
//
// Soft-off (S5) is entered by writing the sleep type SLP_TYP, found in the DSDT's
// package \_S5, into PM1x_CNT together with SLP_EN. The package is almost always
// declared as plain data:
//     08 [5c] "_S5_" 12 <PkgLength> <NumElements> <element> <element> ...
//     NameOp [\]  name   PackageOp
// where an element is ZeroOp (00), OneOp (01), BytePrefix (0a nn), WordPrefix
// (0b nn nn) or DWordPrefix (0c nn nn nn nn). A byte scan for that shape is enough
// for the firmware we meet (QEMU/SeaBIOS/OVMF); anything else is "not found".
#include "drivers/acpi/tables.hh"

namespace acpi::detail {
// LAB_BEGIN(01-boot, 3): scan the DSDT's AML for Name(_S5, Package(){SLP_TYPa, SLP_TYPb, ...})
namespace {

constexpr u8 NAME_OP = 0x08;
constexpr u8 ROOT_CHAR = 0x5c;
constexpr u8 PACKAGE_OP = 0x12;
constexpr u8 ZERO_OP = 0x00, ONE_OP = 0x01;
constexpr u8 BYTE_PREFIX = 0x0a, WORD_PREFIX = 0x0b, DWORD_PREFIX = 0x0c;

// Reads one integer element at @p p (bounded by @p end); advances @p p.
bool read_integer(const u8*& p, const u8* end, u32& value) {
    if (p >= end) return false;
    usize size;
    switch (*p) {
    case ZERO_OP:
        value = 0;
        ++p;
        return true;
    case ONE_OP:
        value = 1;
        ++p;
        return true;
    case BYTE_PREFIX:
        size = 1;
        break;
    case WORD_PREFIX:
        size = 2;
        break;
    case DWORD_PREFIX:
        size = 4;
        break;
    default:
        return false;
    }
    if (end - p < static_cast<isize>(size + 1)) return false;
    value = 0;
    for (usize i = 0; i < size; ++i) value |= u32(p[1 + i]) << (8 * i);
    p += size + 1;
    return true;
}

}  // namespace

bool find_s5(const u8* aml, usize len, u8& slp_typa, u8& slp_typb) {
    const u8* end = aml + len;
    for (const u8* p = aml; p + 4 <= end; ++p) {
        if (memcmp(p, "_S5_", 4) != 0) continue;
        // Preceded by NameOp, directly or through a root prefix.
        bool named = (p - aml >= 1 && p[-1] == NAME_OP) ||
                     (p - aml >= 2 && p[-1] == ROOT_CHAR && p[-2] == NAME_OP);
        if (!named) continue;
        const u8* q = p + 4;
        if (q >= end || *q != PACKAGE_OP) continue;
        ++q;
        if (q >= end) return false;
        usize pkglen_bytes = 1 + (*q >> 6);  // PkgLength: bits 7-6 count the extra bytes
        if (end - q < static_cast<isize>(pkglen_bytes + 1)) return false;
        q += pkglen_bytes;
        u8 elements = *q++;
        if (elements < 1) return false;
        u32 a = 0, b = 0;
        if (!read_integer(q, end, a)) return false;
        if (elements >= 2 && !read_integer(q, end, b)) return false;
        if (a > 7 || b > 7) return false;  // SLP_TYP is a 3-bit field
        slp_typa = static_cast<u8>(a);
        slp_typb = static_cast<u8>(b);
        return true;
    }
    return false;
}
// LAB_FALLBACK
// bool find_s5(const u8*, usize, u8&, u8&) { return false; }
// LAB_END

}  // namespace acpi::detail
