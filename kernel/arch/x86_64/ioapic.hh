// kernel/arch/x86_64/ioapic.hh — the I/O APIC(s): routing device interrupts to CPUs.
#pragma once

#include "lib/result.hh"

namespace ioapic {

/// Masks every redirection entry of every I/O APIC the MADT lists.
void init();

/// Number of usable I/O APICs.
unsigned count();

/// Routes ISA IRQ @p irq (0-15) to @p vector on the CPU with APIC id @p dest, honouring
/// the MADT's interrupt source overrides (GSI, polarity, trigger). ENODEV when no
/// I/O APIC serves its GSI.
Result<void> route_isa_irq(u8 irq, u8 vector, u32 dest);

/// Masks ISA IRQ @p irq again.
Result<void> mask_isa_irq(u8 irq);

}  // namespace ioapic
