// kernel/drivers/acpi/madt.cc — the MADT ("APIC"): processors, I/O APICs, IRQ overrides.
//
// After the local APIC address and flags (8 bytes), the body is a list of entries,
// each starting with a type byte and a length byte. We read:
//   type 0  Processor Local APIC      uid, APIC id, flags (enabled, online capable)
//   type 1  I/O APIC                  id, MMIO address, first GSI
//   type 2  Interrupt Source Override ISA IRQ -> GSI, polarity and trigger
//   type 5  Local APIC Address Override (a 64-bit address for the local APIC)
// An entry whose length is too short for its type, or that runs past the table, ends
// the walk with a warning; what was read before it is kept.
#include "drivers/acpi/tables.hh"
#include "lib/log.hh"

namespace acpi {

usize Info::enabled_cpus() const {
    usize n = 0;
    for (usize i = 0; i < lapic_count; ++i) n += lapics[i].enabled;
    return n;
}

}  // namespace acpi

namespace acpi::detail {

// LAB_BEGIN(01-boot, 3): walk the MADT's entries: local APICs, I/O APICs, interrupt source overrides
void parse_madt(const Table& t, Info& info) {
    if (t.body_length() < 8) {
        klog::warn("acpi: MADT too short ({} bytes); ignored", t.length);
        return;
    }
    info.has_madt = true;
    info.lapic_address = load_u32(t.body());
    info.pcat_compat = load_u32(t.body() + 4) & 1;

    //! [madt_entries]
    const u8* p = t.body() + 8;
    const u8* end = t.bytes + t.length;
    while (p + 2 <= end) {
        u8 type = p[0], len = p[1];
        if (len < 2 || p + len > end) {
            klog::warn("acpi: MADT entry of type {} at offset {} has a bad length {}; stopping",
                       type, p - t.bytes, len);
            break;
        }
        switch (type) {
        case 0:  // Processor Local APIC
            if (len < 8) break;
            if (info.lapic_count == MAX_LAPICS) {
                klog::warn("acpi: more than {} CPUs in the MADT; ignoring the rest", MAX_LAPICS);
                break;
            }
            info.lapics[info.lapic_count++] =
                Lapic{p[2], p[3], (load_u32(p + 4) & 1) != 0, (load_u32(p + 4) & 2) != 0};
            break;
        case 1:  // I/O APIC
            if (len < 12) break;
            if (info.ioapic_count == MAX_IOAPICS) {
                klog::warn("acpi: more than {} I/O APICs; ignoring the rest", MAX_IOAPICS);
                break;
            }
            info.ioapics[info.ioapic_count++] = IoApic{p[2], load_u32(p + 4), load_u32(p + 8)};
            break;
        case 2:  // Interrupt Source Override
            if (len < 10) break;
            if (p[2] != 0) break;  // bus 0 is ISA; nothing else is defined
            if (info.override_count == MAX_OVERRIDES) {
                klog::warn("acpi: more than {} interrupt overrides; ignoring the rest",
                           MAX_OVERRIDES);
                break;
            }
            info.overrides[info.override_count++] =
                Override{p[3], load_u32(p + 4), load_u16(p + 8)};
            break;
        case 5:  // Local APIC Address Override
            if (len < 12) break;
            if (u64 a = load_u64(p + 4); a < REACHABLE_LIMIT)
                info.lapic_address = static_cast<u32>(a);
            break;
        default:
            break;  // NMI sources, x2APIC entries, ...: not needed here
        }
        p += len;
    }
    //! [madt_entries]
}
// LAB_FALLBACK
// void parse_madt(const Table&, Info&) {}
// LAB_END

}  // namespace acpi::detail
