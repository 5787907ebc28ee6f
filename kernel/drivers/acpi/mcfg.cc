// kernel/drivers/acpi/mcfg.cc — the MCFG table: where PCI Express configuration space is.
//
// After the common header and 8 reserved bytes, the MCFG holds 16-byte entries: the
// physical base of an ECAM window (u64), its PCI segment (u16), its first and last bus
// (u8 each) and 4 reserved bytes. QEMU's q35 has one, for segment 0, buses 0-255;
// i440fx (`-machine pc`) has no MCFG at all. The table is firmware input: each entry is
// checked before anyone maps it.
#include "drivers/acpi/tables.hh"
#include "lib/log.hh"

namespace acpi {

using namespace detail;

usize ecam_regions(EcamRegion* out, usize max) {
    u64 pa = find_table("MCFG");
    if (!pa) return 0;
    Table t = map_table(pa, "MCFG");
    if (!t) return 0;
    constexpr u32 RESERVED = 8, ENTRY = 16;
    if (t.body_length() < RESERVED) {
        klog::warn("acpi: MCFG of {} bytes has no entries", t.length);
        return 0;
    }
    u32 entries = (t.body_length() - RESERVED) / ENTRY;
    usize n = 0;
    for (u32 i = 0; i < entries && n < max; ++i) {
        const u8* e = t.body() + RESERVED + i * ENTRY;
        EcamRegion r{load_u64(e), load_u16(e + 8), load_u8(e + 10), load_u8(e + 11)};
        if (!r.base || r.base % MiB || r.bus_end < r.bus_start) {
            klog::warn("acpi: MCFG entry {} (base {:#x}, buses {}-{}) makes no sense; skipped", i,
                       r.base, r.bus_start, r.bus_end);
            continue;
        }
        out[n++] = r;
    }
    return n;
}

}  // namespace acpi
