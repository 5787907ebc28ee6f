// kernel/drivers/acpi/acpi.hh — what the firmware's ACPI tables tell us about the machine.
//
// acpi::init() finds the RSDP, walks the RSDT or XSDT, and reads the few tables lab 01
// needs into one plain structure, acpi::info():
//   MADT  the processors (local APIC ids), the I/O APICs, the ISA interrupt overrides;
//   FADT  the PM1 control blocks (power-off), the reset register, the RTC century;
//   HPET  the address of the high-precision event timer, if there is one;
//   DSDT  the \_S5 package: the sleep type that means "soft off".
// The MCFG (where PCI Express configuration space is, for drivers/pci) is read on demand
// by ecam_regions() (mcfg.cc), outside lab 01's init().
// Tables are firmware input: a bad checksum or a length that does not add up is
// logged and that table is ignored; nothing here panics.
#pragma once

#include "lib/types.hh"

namespace acpi {

constexpr usize MAX_LAPICS = 64;
constexpr usize MAX_IOAPICS = 8;
constexpr usize MAX_OVERRIDES = 16;

/// One processor of the MADT (a "Processor Local APIC" entry).
struct Lapic {
    u8 processor_uid;
    u8 apic_id;
    bool enabled;         ///< usable now (flag bit 0)
    bool online_capable;  ///< may be enabled later (flag bit 1); we leave those alone
};

/// One I/O APIC: where it is and the first global system interrupt (GSI) it serves.
struct IoApic {
    u8 id;
    u32 address;
    u32 gsi_base;
};

/// An "Interrupt Source Override": ISA IRQ @c irq arrives at GSI @c gsi.
struct Override {
    u8 irq;
    u32 gsi;
    u16 flags;  ///< MPS INTI flags: polarity in bits 0-1, trigger mode in bits 2-3
    bool active_low() const { return (flags & 3) == 3; }
    bool level_triggered() const { return ((flags >> 2) & 3) == 3; }
};

/// An ACPI Generic Address Structure (a register in I/O or memory space).
struct GenericAddress {
    u8 space;  ///< 0 system memory, 1 system I/O
    u8 bit_width, bit_offset, access_size;
    u64 address;
};

struct Info {
    u64 rsdp_phys = 0;  ///< 0 when found only as the loader's copy
    u8 revision = 0;    ///< RSDP revision: 0 = ACPI 1.0 (RSDT), 2 = ACPI 2.0+ (XSDT)
    char oem_id[7] = {};
    bool from_loader = false;
    usize table_count = 0;

    // MADT
    bool has_madt = false;
    u32 lapic_address = 0xfee00000;
    bool pcat_compat = false;  ///< dual 8259 PICs present (to be masked)
    Lapic lapics[MAX_LAPICS] = {};
    usize lapic_count = 0;
    IoApic ioapics[MAX_IOAPICS] = {};
    usize ioapic_count = 0;
    Override overrides[MAX_OVERRIDES] = {};
    usize override_count = 0;

    // FADT
    bool has_fadt = false;
    u16 sci_irq = 0;
    u32 pm1a_cnt = 0, pm1b_cnt = 0;  ///< I/O ports of the PM1 control blocks (0: none)
    u32 smi_cmd = 0;
    u8 acpi_enable = 0;
    u8 century_reg = 0;  ///< CMOS index of the century (0: not given)
    bool reset_supported = false;
    GenericAddress reset_reg{};
    u8 reset_value = 0;
    u64 dsdt_phys = 0;

    // \_S5 from the DSDT
    bool has_s5 = false;
    u8 slp_typa = 0, slp_typb = 0;

    // HPET
    bool has_hpet = false;
    u64 hpet_address = 0;

    /// Enabled CPUs in the MADT.
    usize enabled_cpus() const;
};

/// Finds and reads the tables. Safe to call once, early (before the LAPIC and timers).
/// Missing or malformed tables leave the corresponding fields at their defaults.
void init();

/// What init() found.
const Info& info();

/// The physical address of the table with @p signature ("APIC", "FACP", ...), or 0.
/// @p index picks among tables with the same signature (SSDTs).
u64 find_table(const char signature[4], usize index = 0);

/// Logs every table and the summary, and prints one summary line on the console:
///   "acpi: 4 cpus, 1 ioapic, 2 overrides, fadt, hpet, s5 slp_typ 0"
void print_summary();

/// Writes SLP_TYPx | SLP_EN to the PM1 control blocks (installed as
/// power::acpi_poweroff_hook). Returns only if the machine did not power off.
void poweroff();

/// Resets the machine through the FADT reset register, if it has one.
void reset();

/// One MCFG entry: the memory-mapped (ECAM) configuration space of PCI segment
/// @c segment, buses @c bus_start..@c bus_end, 1 MiB per bus from @c base.
struct EcamRegion {
    u64 base;
    u16 segment;
    u8 bus_start, bus_end;
};

/// Copies up to @p max entries of the MCFG into @p out; returns how many. 0 when there
/// is no MCFG (QEMU's `pc` machine) or it is malformed (logged; entries whose base is 0,
/// not 1 MiB aligned, or whose bus range is reversed are skipped with a log line).
usize ecam_regions(EcamRegion* out, usize max);

}  // namespace acpi
