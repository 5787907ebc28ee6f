// kernel/drivers/acpi/fadt.cc — the FADT ("FACP") and HPET tables, power-off and reset.
//
// The FADT grew with every ACPI version, so each field is read only when the table
// is long enough to hold it; the 64-bit "X_" fields of ACPI 2.0+ win over the old
// 32-bit ones when they are set. Power-off writes the \_S5 sleep type and SLP_EN to
// PM1a_CNT (and PM1b_CNT when there is one): QEMU and real chipsets then cut power.
#include "arch/x86_64/cpu.hh"
#include "drivers/acpi/tables.hh"
#include "lib/log.hh"
#include "mm/layout.hh"

namespace acpi {
namespace detail {
namespace {

// Byte offsets of FADT fields (ACPI 6.x, table 5.9).
constexpr usize FADT_DSDT = 40;
constexpr usize FADT_SCI_INT = 46;
constexpr usize FADT_SMI_CMD = 48;
constexpr usize FADT_ACPI_ENABLE = 52;
constexpr usize FADT_PM1A_CNT = 64;
constexpr usize FADT_PM1B_CNT = 68;
constexpr usize FADT_CENTURY = 108;
constexpr usize FADT_FLAGS = 112;
constexpr usize FADT_RESET_REG = 116;
constexpr usize FADT_RESET_VALUE = 128;
constexpr usize FADT_X_DSDT = 140;
constexpr usize FADT_X_PM1A_CNT = 172;
constexpr usize FADT_X_PM1B_CNT = 184;
constexpr u32 FADT_FLAG_RESET_REG_SUP = 1u << 10;

constexpr u8 GAS_MEMORY = 0, GAS_IO = 1;

// HPET table: the event timer block's base address, a Generic Address at offset 40.
constexpr usize HPET_ADDRESS = 40;

GenericAddress load_gas(const u8* p) {
    return GenericAddress{p[0], p[1], p[2], p[3], load_u64(p + 4)};
}

}  // namespace

// LAB_BEGIN(01-boot, 3): read the FADT fields: DSDT, SCI, PM1 control blocks, century, reset register
namespace {
// An X_PM1x_CNT_BLK given as an I/O port replaces the 32-bit field.
void use_x_block(const Table& t, usize offset, u32& port) {
    if (t.length < offset + 12) return;
    GenericAddress g = load_gas(t.bytes + offset);
    if (g.address && g.space == GAS_IO && g.address <= 0xffff) port = static_cast<u32>(g.address);
}

}  // namespace

void parse_fadt(const Table& t, Info& info) {
    if (t.length < FADT_PM1B_CNT + 4) {
        klog::warn("acpi: FADT too short ({} bytes); ignored", t.length);
        return;
    }
    const u8* f = t.bytes;
    info.has_fadt = true;
    info.dsdt_phys = load_u32(f + FADT_DSDT);
    info.sci_irq = load_u16(f + FADT_SCI_INT);
    info.smi_cmd = load_u32(f + FADT_SMI_CMD);
    info.acpi_enable = f[FADT_ACPI_ENABLE];
    info.pm1a_cnt = load_u32(f + FADT_PM1A_CNT);
    info.pm1b_cnt = load_u32(f + FADT_PM1B_CNT);
    if (t.length > FADT_CENTURY) info.century_reg = f[FADT_CENTURY];
    if (t.length >= FADT_RESET_VALUE + 1) {
        info.reset_supported = load_u32(f + FADT_FLAGS) & FADT_FLAG_RESET_REG_SUP;
        info.reset_reg = load_gas(f + FADT_RESET_REG);
        info.reset_value = f[FADT_RESET_VALUE];
    }
    if (t.length >= FADT_X_DSDT + 8)
        if (u64 x = load_u64(f + FADT_X_DSDT); x && x < REACHABLE_LIMIT) info.dsdt_phys = x;
    use_x_block(t, FADT_X_PM1A_CNT, info.pm1a_cnt);
    use_x_block(t, FADT_X_PM1B_CNT, info.pm1b_cnt);
    if (info.pm1a_cnt > 0xffff) {
        klog::warn("acpi: PM1a_CNT {:#x} is not an I/O port; no power-off", info.pm1a_cnt);
        info.pm1a_cnt = 0;
    }
    if (info.pm1b_cnt > 0xffff) info.pm1b_cnt = 0;
}
// LAB_FALLBACK
// void parse_fadt(const Table&, Info&) {}
// LAB_END

void parse_hpet(const Table& t, Info& info) {
    if (t.length < HPET_ADDRESS + 12) {
        klog::warn("acpi: HPET table too short ({} bytes); ignored", t.length);
        return;
    }
    GenericAddress g = load_gas(t.bytes + HPET_ADDRESS);
    if (g.space != GAS_MEMORY || !g.address || g.address >= REACHABLE_LIMIT || g.address % 1024) {
        klog::warn("acpi: HPET at {:#x} (space {}) is not usable; ignored", g.address, g.space);
        return;
    }
    info.has_hpet = true;
    info.hpet_address = g.address;
}

}  // namespace detail

using namespace detail;

void poweroff() {
    const Info& i = info();
    if (!i.has_s5 || !i.pm1a_cnt) return;
    constexpr u16 SLP_TYP_SHIFT = 10, SLP_TYP_MASK = 7u << SLP_TYP_SHIFT, SLP_EN = 1u << 13;
    klog::info("acpi: entering S5 (soft off)");
    u16 a = arch::inw(static_cast<u16>(i.pm1a_cnt));
    arch::outw(static_cast<u16>(i.pm1a_cnt),
               static_cast<u16>((a & ~SLP_TYP_MASK) | (i.slp_typa << SLP_TYP_SHIFT) | SLP_EN));
    if (i.pm1b_cnt) {
        u16 b = arch::inw(static_cast<u16>(i.pm1b_cnt));
        arch::outw(static_cast<u16>(i.pm1b_cnt),
                   static_cast<u16>((b & ~SLP_TYP_MASK) | (i.slp_typb << SLP_TYP_SHIFT) | SLP_EN));
    }
    // Power is cut asynchronously on some chipsets: give it a moment before giving up.
    for (unsigned n = 0; n < 10000000; ++n) arch::cpu_relax_io();
    klog::error("acpi: still running after the S5 request");
}

void reset() {
    const Info& i = info();
    if (!i.reset_supported || !i.reset_reg.address) return;
    if (i.reset_reg.space == GAS_IO && i.reset_reg.address <= 0xffff)
        arch::outb(static_cast<u16>(i.reset_reg.address), i.reset_value);
    else if (i.reset_reg.space == GAS_MEMORY && i.reset_reg.address < REACHABLE_LIMIT)
        *mm::phys_to_virt<volatile u8>(i.reset_reg.address) = i.reset_value;
}

}  // namespace acpi
