// kernel/drivers/pci/msix.cc — MSI-X capability and table programming.
//
// Capability layout: +2 message control (table size - 1 in bits 0-10, function mask
// bit 14, enable bit 15), +4 table offset and BAR index (BIR, bits 0-2), +8 the
// pending-bit array's. Table entries are 16 bytes: address low, address high, data,
// vector control (bit 0 masks).
#include "drivers/pci/msix.hh"

#include "lib/log.hh"

namespace pci {
namespace {

constexpr u16 CTRL_ENABLE = 1 << 15, CTRL_FUNCTION_MASK = 1 << 14;
constexpr u32 ENTRY_SIZE = 16;

volatile u32* entry_words(Device& d, u16 entry) {
    return reinterpret_cast<volatile u32*>(d.msix_table + u64(entry) * ENTRY_SIZE);
}

}  // namespace

Result<void> msix_enable(Device& d) {
    if (!d.msix_cap) return Error(ENODEV);
    u32 table = d.read32(d.msix_cap + 4);
    unsigned bir = table & 7;
    u64 offset = table & ~7u;
    if (bir >= 6 || offset + u64(d.msix_entries) * ENTRY_SIZE > d.bars[bir].size) {
        klog::warn(
            "pci: {:02x}:{:02x}.{}: MSI-X table (BAR{} +{:#x}, {} entries) is outside "
            "its BAR",
            d.bus, d.dev, d.fn, bir, offset, d.msix_entries);
        return Error(EINVAL);
    }
    volatile u8* bar = TRY(map_bar(d, bir));
    d.msix_table = bar + offset;
    u16 ctrl = d.read16(d.msix_cap + 2);
    d.write16(d.msix_cap + 2, ctrl | CTRL_ENABLE | CTRL_FUNCTION_MASK);
    for (u16 i = 0; i < d.msix_entries; ++i) entry_words(d, i)[3] = 1;
    d.write16(cfg::COMMAND, d.read16(cfg::COMMAND) | cfg::CMD_INTX_DISABLE);
    d.write16(d.msix_cap + 2, u16((ctrl | CTRL_ENABLE) & ~CTRL_FUNCTION_MASK));
    return {};
}

Result<void> msix_route(Device& d, u16 entry, u8 vector, u32 apic_id) {
    if (!d.msix_table || entry >= d.msix_entries) return Error(ERANGE);
    volatile u32* e = entry_words(d, entry);
    e[3] = 1;
    e[0] = 0xfee00000u | (apic_id & 0xff) << 12;
    e[1] = 0;
    e[2] = vector;
    e[3] = 0;
    return {};
}

void msix_mask(Device& d, u16 entry) {
    if (d.msix_table && entry < d.msix_entries) entry_words(d, entry)[3] = 1;
}

}  // namespace pci
