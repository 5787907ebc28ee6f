// kernel/drivers/pci/pci.hh — PCI devices: enumeration through ECAM, BARs, capabilities.
//
//   TRY(pci::init());                                  // once; later calls do nothing
//   for (pci::Device* d = nullptr; (d = pci::find(0x1af4, 0x1042, d));) ...
//   volatile u8* regs = TRY(pci::map_bar(*d, 4));      // uncached, in the vmap area
//   pci::enable(*d);                                   // memory decode and bus mastering
//
// init() reads the ACPI MCFG (drivers/acpi/mcfg.cc), walks bus 0 and every bus behind a
// PCI-to-PCI bridge, sizes each function's BARs (32/64-bit, prefetchable, I/O) and
// logs one lspci-style line per function:
//   pci: 00:03.0 1af4:1042 virtio-blk BAR1 mem32 0xfebd1000+4K BAR4 mem64pf 0x800000000+16K MSI-X 3
// The machine is QEMU's q35, which has an MCFG; without one (`-machine pc`) there is no
// PCI here (ENODEV, logged): no graded boot uses that machine, so there is no port-I/O
// fallback. BARs are the firmware's: a BAR left unassigned (base 0) is logged and not
// mapped. Everything the device says is input: nothing here panics on it.
#pragma once

#include "lib/result.hh"
#include "lib/types.hh"

namespace pci {

/// Standard configuration-space offsets and bits.
namespace cfg {
constexpr u16 VENDOR = 0x00, DEVICE = 0x02, COMMAND = 0x04, STATUS = 0x06;
constexpr u16 REVISION = 0x08, PROG_IF = 0x09, SUBCLASS = 0x0a, CLASS = 0x0b;
constexpr u16 HEADER_TYPE = 0x0e, BAR0 = 0x10, CAP_PTR = 0x34, IRQ_LINE = 0x3c, IRQ_PIN = 0x3d;
constexpr u16 SECONDARY_BUS = 0x19;  ///< type 1 (bridge) headers
constexpr u16 CMD_IO = 1 << 0, CMD_MEM = 1 << 1, CMD_BUS_MASTER = 1 << 2;
constexpr u16 CMD_INTX_DISABLE = 1 << 10;
constexpr u16 STATUS_CAP_LIST = 1 << 4;
constexpr u8 CAP_MSIX = 0x11, CAP_VENDOR = 0x09;
}  // namespace cfg

/// One base address register as sized at enumeration.
struct Bar {
    enum Kind : u8 { NONE, IO, MEM32, MEM64 };
    Kind kind = NONE;
    bool prefetchable = false;
    u64 base = 0;  ///< physical (or port) address; 0 when the firmware left it unassigned
    u64 size = 0;  ///< bytes; 0 when the BAR is not implemented
};

/// One PCI function.
struct Device {
    u16 segment = 0;
    u8 bus = 0, dev = 0, fn = 0;
    u16 vendor = 0, device = 0;
    u8 class_code = 0, subclass = 0, prog_if = 0, revision = 0, header_type = 0;
    u8 irq_pin = 0, irq_line = 0;
    Bar bars[6];
    u8 msix_cap = 0;                    ///< offset of the MSI-X capability, 0 when there is none
    u16 msix_entries = 0;               ///< its table size
    volatile u8* config = nullptr;      ///< this function's 4 KiB of ECAM
    volatile u8* mapped[6] = {};        ///< map_bar's mappings, null until asked
    volatile u8* msix_table = nullptr;  ///< msix_enable's view of the table

    u8 read8(u16 off) const { return config[off]; }
    u16 read16(u16 off) const { return *reinterpret_cast<volatile const u16*>(config + off); }
    u32 read32(u16 off) const { return *reinterpret_cast<volatile const u32*>(config + off); }
    void write16(u16 off, u16 v) { *reinterpret_cast<volatile u16*>(config + off) = v; }
    void write32(u16 off, u32 v) { *reinterpret_cast<volatile u32*>(config + off) = v; }
};

/// Enumerates every function once (later calls return the first result). ENODEV when
/// the machine has no MCFG. Not for two CPUs at once: block::probe() calls it, once.
Result<void> init();

/// The functions found (after init()).
usize device_count();
Device* device(usize index);

/// The next function after @p after (null: the first) with this vendor and device id;
/// @p device_id 0xffff matches any device of the vendor. Null when there is none.
Device* find(u16 vendor, u16 device_id, Device* after = nullptr);

/// The configuration-space offset of the first capability @p id at or after the one
/// that follows @p after (0: from the start); 0 when there is none. A list that loops
/// or leaves the 256-byte header ends the walk (logged).
u8 find_capability(const Device& d, u8 id, u8 after = 0);

/// Maps memory BAR @p index uncached into the kernel's vmap area (once; later calls
/// return the same address). EINVAL for an I/O or missing BAR, ENXIO for one the
/// firmware did not assign.
Result<volatile u8*> map_bar(Device& d, unsigned index);

/// Turns on memory decoding and bus mastering (DMA) for @p d.
void enable(Device& d);

/// A short name for the log: "virtio-blk", "host bridge", "SATA", ...
const char* describe(const Device& d);

/// Logs the lspci-style line of @p d (see above).
void log_device(const Device& d);

/// The text of Linux's /proc/bus/pci/devices for the functions found, into @p buf (at
/// most @p size bytes, NUL-terminated); returns the full length. Per function, tab
/// separated: bus and devfn, vendor and device, IRQ line, the six BARs and the ROM
/// (address | flags), their sizes, and the driver bound to it (virtio-blk's: "virtio-pci").
usize format_proc_devices(char* buf, usize size);

namespace detail {
/// Sizes the six BARs of a type-0 function into d.bars (bar.cc; used by init()).
void size_bars(Device& d);
}  // namespace detail

}  // namespace pci
