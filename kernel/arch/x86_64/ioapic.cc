// kernel/arch/x86_64/ioapic.cc — I/O APIC redirection entries.
//
// An I/O APIC has two registers in memory: IOREGSEL selects an internal register and
// IOWIN reads or writes it. Register 1 gives the number of inputs; the redirection
// table starts at register 0x10 with two 32-bit halves per input: vector, delivery
// mode, polarity, trigger mode and mask in the low half, destination APIC id in the
// top byte of the high half. Each input is a global system interrupt (GSI) number
// counted from the I/O APIC's gsi_base. ISA IRQ n is GSI n unless the MADT overrides
// it (IRQ 0, the PIT, is usually GSI 2); ISA lines are active high and edge
// triggered unless the override says otherwise.
#include "arch/x86_64/ioapic.hh"

#include "drivers/acpi/acpi.hh"
#include "lib/log.hh"
#include "lib/spinlock.hh"
#include "mm/layout.hh"

namespace ioapic {
namespace {

constexpr u32 REG_VERSION = 0x01;
constexpr u32 REG_REDIRECTION = 0x10;
constexpr u32 RTE_ACTIVE_LOW = 1u << 13;
constexpr u32 RTE_LEVEL = 1u << 15;
constexpr u32 RTE_MASKED = 1u << 16;

struct Chip {
    volatile u32* regs;
    u32 gsi_base;
    u32 inputs;
};

Chip chips[acpi::MAX_IOAPICS];
unsigned chip_count = 0;
SpinLock lock("ioapic");

u32 read(const Chip& c, u32 reg) {
    c.regs[0] = reg;
    return c.regs[4];
}
void write(const Chip& c, u32 reg, u32 v) {
    c.regs[0] = reg;
    c.regs[4] = v;
}

Chip* chip_for(u32 gsi) {
    for (unsigned i = 0; i < chip_count; ++i)
        if (gsi >= chips[i].gsi_base && gsi < chips[i].gsi_base + chips[i].inputs) return &chips[i];
    return nullptr;
}

// The GSI and flags of ISA IRQ @p irq.
u32 isa_gsi(u8 irq, bool& active_low, bool& level) {
    const acpi::Info& a = acpi::info();
    active_low = level = false;
    for (usize i = 0; i < a.override_count; ++i) {
        if (a.overrides[i].irq != irq) continue;
        active_low = a.overrides[i].active_low();
        level = a.overrides[i].level_triggered();
        return a.overrides[i].gsi;
    }
    return irq;
}

}  // namespace

void init() {
    const acpi::Info& a = acpi::info();
    for (usize i = 0; i < a.ioapic_count; ++i) {
        const acpi::IoApic& io = a.ioapics[i];
        if (io.address < 3 * GiB || io.address % 16) {
            klog::warn("ioapic: id {} at {:#x} is outside the uncached MMIO window; ignored", io.id,
                       io.address);
            continue;
        }
        Chip& c = chips[chip_count];
        c.regs = mm::phys_to_virt<volatile u32>(io.address);
        c.gsi_base = io.gsi_base;
        u32 version = read(c, REG_VERSION);
        c.inputs = ((version >> 16) & 0xff) + 1;
        for (u32 n = 0; n < c.inputs; ++n) {
            write(c, REG_REDIRECTION + 2 * n, RTE_MASKED);
            write(c, REG_REDIRECTION + 2 * n + 1, 0);
        }
        ++chip_count;
        klog::info("ioapic: id {} at {:#x}: gsi {}-{}, all masked", io.id, io.address, c.gsi_base,
                   c.gsi_base + c.inputs - 1);
    }
}

unsigned count() { return chip_count; }

Result<void> route_isa_irq(u8 irq, u8 vector, u32 dest) {
    // LAB_BEGIN(01-boot, 5): program the redirection entry of the IRQ's GSI (overrides: polarity, trigger)
    bool active_low, level;
    u32 gsi = isa_gsi(irq, active_low, level);
    Chip* c = chip_for(gsi);
    if (!c) return Error(ENODEV);
    u32 n = gsi - c->gsi_base;
    u32 low =
        vector | (active_low ? RTE_ACTIVE_LOW : 0) | (level ? RTE_LEVEL : 0);  // fixed, physical
    SpinLockGuard guard(lock);
    write(*c, REG_REDIRECTION + 2 * n + 1, dest << 24);
    write(*c, REG_REDIRECTION + 2 * n, low);
    klog::info("ioapic: irq {} -> gsi {} -> vector {:#x} on apic {} ({}, {})", irq, gsi, vector,
               dest, active_low ? "active low" : "active high", level ? "level" : "edge");
    return {};
    // LAB_FALLBACK
    // (void)irq, (void)vector, (void)dest;
    // return Error(ENODEV);
    // LAB_END
}

Result<void> mask_isa_irq(u8 irq) {
    bool active_low, level;
    u32 gsi = isa_gsi(irq, active_low, level);
    Chip* c = chip_for(gsi);
    if (!c) return Error(ENODEV);
    SpinLockGuard guard(lock);
    u32 n = gsi - c->gsi_base;
    write(*c, REG_REDIRECTION + 2 * n, read(*c, REG_REDIRECTION + 2 * n) | RTE_MASKED);
    return {};
}

}  // namespace ioapic
