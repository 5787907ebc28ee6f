// kernel/drivers/pci/msix.hh — MSI-X: a device's interrupts as messages to a local APIC.
//
//   TRY(pci::msix_enable(dev));                       // all entries masked, INTx off
//   u8 v = TRY(irqvec::alloc(handler, ctx, "virtio-blk"));
//   TRY(pci::msix_route(dev, 0, v, lapic::id()));     // entry 0 -> vector v on this CPU
//
// The MSI-X capability points at a table in one of the device's memory BARs: per entry
// a message address (0xfee00000 | destination APIC id << 12), the message data (the
// vector; fixed delivery, edge) and a mask bit.
#pragma once

#include "drivers/pci/pci.hh"

namespace pci {

/// Maps the table, masks every entry and turns MSI-X on (and legacy INTx off).
/// ENODEV when the function has no MSI-X capability; EINVAL when the table does not fit
/// in its BAR; errors of map_bar.
Result<void> msix_enable(Device& d);

/// Points entry @p entry at @p vector on the CPU with APIC id @p apic_id and unmasks it.
/// ERANGE past the table.
Result<void> msix_route(Device& d, u16 entry, u8 vector, u32 apic_id);

/// Masks entry @p entry again.
void msix_mask(Device& d, u16 entry);

}  // namespace pci
