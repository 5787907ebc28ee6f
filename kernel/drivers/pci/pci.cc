// kernel/drivers/pci/pci.cc — ECAM configuration space and the walk over buses.
//
// ECAM gives every function 4 KiB of configuration space at
// base + (bus - bus_start) << 20 | dev << 15 | fn << 12. Each bus's megabyte is mapped
// uncached into the vmap area the first time the walk reaches it (a q35 guest has one
// or two buses; mapping all 256 would cost half a megabyte of page tables). The walk
// starts at the first bus of each MCFG region and descends through PCI-to-PCI bridges
// (header type 1) into their secondary buses, never to a bus it has seen.
#include "drivers/pci/pci.hh"

#include "drivers/acpi/acpi.hh"
#include "lib/log.hh"
#include "mm/kernel_tables.hh"
#include "mm/vmap.hh"

namespace pci {
namespace {

constexpr usize MAX_DEVICES = 64;
constexpr usize MAX_REGIONS = 4;

Device devices[MAX_DEVICES];
usize count = 0;
acpi::EcamRegion regions[MAX_REGIONS];
usize region_count = 0;
volatile u8* bus_map[MAX_REGIONS][256] = {};
bool seen_bus[MAX_REGIONS][256] = {};
bool initialized = false;
int init_error = 0;

// This bus's megabyte of ECAM, mapped on first use; null when it cannot be mapped.
volatile u8* map_bus(usize r, u8 bus) {
    if (bus_map[r][bus]) return bus_map[r][bus];
    u64 pa = regions[r].base + (u64(bus - regions[r].bus_start) << 20);
    auto va = mm::vmap_reserve(MiB);
    if (va.is_error()) return nullptr;
    if (mm::kernel_map(va.value(), pa, MiB, mm::PG_WRITE | mm::PG_GLOBAL | mm::PG_UNCACHED)
            .is_error())
        return nullptr;
    bus_map[r][bus] = reinterpret_cast<volatile u8*>(va.value());
    return bus_map[r][bus];
}

void scan_bus(usize r, u8 bus);

void add_function(usize r, u8 bus, u8 dev, u8 fn, volatile u8* config) {
    if (count == MAX_DEVICES) {
        klog::warn("pci: more than {} functions; {:02x}:{:02x}.{} and later ignored", MAX_DEVICES,
                   bus, dev, fn);
        return;
    }
    Device& d = devices[count++];
    d.segment = regions[r].segment;
    d.bus = bus, d.dev = dev, d.fn = fn;
    d.config = config;
    d.vendor = d.read16(cfg::VENDOR);
    d.device = d.read16(cfg::DEVICE);
    d.revision = d.read8(cfg::REVISION);
    d.prog_if = d.read8(cfg::PROG_IF);
    d.subclass = d.read8(cfg::SUBCLASS);
    d.class_code = d.read8(cfg::CLASS);
    d.header_type = d.read8(cfg::HEADER_TYPE) & 0x7f;
    d.irq_line = d.read8(cfg::IRQ_LINE);
    d.irq_pin = d.read8(cfg::IRQ_PIN);
    if (d.header_type == 0) detail::size_bars(d);
    if ((d.msix_cap = find_capability(d, cfg::CAP_MSIX)))
        d.msix_entries = u16((d.read16(d.msix_cap + 2) & 0x7ff) + 1);
    log_device(d);
    if (d.header_type == 1) {
        u8 secondary = d.read8(cfg::SECONDARY_BUS);
        if (secondary > bus && secondary <= regions[r].bus_end) scan_bus(r, secondary);
    }
}

void scan_bus(usize r, u8 bus) {
    if (seen_bus[r][bus]) return;
    seen_bus[r][bus] = true;
    volatile u8* base = map_bus(r, bus);
    if (!base) {
        klog::warn("pci: bus {:02x}'s configuration space could not be mapped; skipped", bus);
        return;
    }
    for (u8 dev = 0; dev < 32; ++dev) {
        for (u8 fn = 0; fn < 8; ++fn) {
            volatile u8* config = base + (u64(dev) << 15 | u64(fn) << 12);
            u16 vendor = *reinterpret_cast<volatile u16*>(config);
            if (vendor == 0xffff || vendor == 0) {
                if (fn == 0) break;
                continue;
            }
            add_function(r, bus, dev, fn, config);
            if (fn == 0 && !(config[cfg::HEADER_TYPE] & 0x80)) break;  // single function
        }
    }
}

}  // namespace

Result<void> init() {
    if (initialized) return init_error ? Result<void>(Error(init_error)) : Result<void>();
    initialized = true;
    region_count = acpi::ecam_regions(regions, MAX_REGIONS);
    if (region_count == 0) {
        klog::warn("pci: no ACPI MCFG (not a q35 machine?): no PCI devices");
        init_error = ENODEV;
        return Error(ENODEV);
    }
    for (usize r = 0; r < region_count; ++r) {
        klog::info("pci: ECAM at {:#x}, segment {}, buses {:02x}-{:02x}", regions[r].base,
                   regions[r].segment, regions[r].bus_start, regions[r].bus_end);
        scan_bus(r, regions[r].bus_start);
    }
    klog::info("pci: {} functions", count);
    return {};
}

usize device_count() { return count; }
Device* device(usize index) { return index < count ? &devices[index] : nullptr; }

Device* find(u16 vendor, u16 device_id, Device* after) {
    usize i = after ? usize(after - devices) + 1 : 0;
    for (; i < count; ++i)
        if (devices[i].vendor == vendor && (device_id == 0xffff || devices[i].device == device_id))
            return &devices[i];
    return nullptr;
}

u8 find_capability(const Device& d, u8 id, u8 after) {
    if (!(d.read16(cfg::STATUS) & cfg::STATUS_CAP_LIST)) return 0;
    u8 at = after ? d.read8(after + 1) : d.read8(cfg::CAP_PTR);
    for (int steps = 0; at; ++steps) {
        if (at < 0x40 || at > 0xfc || steps == 48) {
            klog::warn("pci: {:02x}:{:02x}.{}: capability list is broken at {:#x}", d.bus, d.dev,
                       d.fn, at);
            return 0;
        }
        at &= 0xfc;
        if (d.read8(at) == id) return at;
        at = d.read8(at + 1);
    }
    return 0;
}

void enable(Device& d) {
    d.write16(cfg::COMMAND, d.read16(cfg::COMMAND) | cfg::CMD_MEM | cfg::CMD_BUS_MASTER);
}

}  // namespace pci
