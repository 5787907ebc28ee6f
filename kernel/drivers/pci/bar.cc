// kernel/drivers/pci/bar.cc — base address registers: sizing, mapping, the lspci line.
//
// A BAR's size is found by writing all ones and reading back which address bits stick
// (the low bits that do not are the size), with decoding turned off meanwhile so the
// device never answers at the probe address. A 64-bit memory BAR takes two registers.
// Mappings are uncached (PCD|PWT), 4 KiB pages in the vmap area, made once per BAR.
#include "drivers/pci/pci.hh"
#include "lib/log.hh"
#include "mm/kernel_tables.hh"
#include "mm/vmap.hh"

namespace pci {

namespace detail {

void size_bars(Device& d) {
    u16 command = d.read16(cfg::COMMAND);
    d.write16(cfg::COMMAND, command & ~(cfg::CMD_IO | cfg::CMD_MEM));
    for (unsigned i = 0; i < 6; ++i) {
        u16 off = u16(cfg::BAR0 + 4 * i);
        u32 lo = d.read32(off);
        Bar& b = d.bars[i];
        if (lo & 1) {  // I/O space
            d.write32(off, 0xffffffff);
            u32 mask = d.read32(off) & ~3u;
            d.write32(off, lo);
            mask &= 0xffff;
            if (!mask) continue;
            b = Bar{Bar::IO, false, lo & ~3u, u64(u16(~mask + 1))};
            continue;
        }
        bool is64 = ((lo >> 1) & 3) == 2;
        if (is64 && i == 5) {
            klog::warn("pci: {:02x}:{:02x}.{}: BAR5 claims 64 bits; ignored", d.bus, d.dev, d.fn);
            break;
        }
        d.write32(off, 0xffffffff);
        u64 mask = d.read32(off) & ~0xfu;
        d.write32(off, lo);
        u64 base = lo & ~0xfu;
        if (is64) {
            u32 hi = d.read32(off + 4);
            d.write32(off + 4, 0xffffffff);
            mask |= u64(d.read32(off + 4)) << 32;
            d.write32(off + 4, hi);
            base |= u64(hi) << 32;
        } else {
            mask |= 0xffffffff00000000ull;
        }
        if (mask && mask != 0xffffffff00000000ull)
            b = Bar{is64 ? Bar::MEM64 : Bar::MEM32, bool(lo & 8), base, ~mask + 1};
        if (is64) ++i;  // the upper half is not a BAR of its own
    }
    d.write16(cfg::COMMAND, command);
}

}  // namespace detail

Result<volatile u8*> map_bar(Device& d, unsigned index) {
    if (index >= 6) return Error(EINVAL);
    if (d.mapped[index]) return d.mapped[index];
    const Bar& b = d.bars[index];
    if (b.kind != Bar::MEM32 && b.kind != Bar::MEM64) return Error(EINVAL);
    if (!b.base) {
        klog::warn("pci: {:02x}:{:02x}.{}: BAR{} is not assigned; not mapped", d.bus, d.dev, d.fn,
                   index);
        return Error(ENXIO);
    }
    u64 start = align_down(b.base, mm::PAGE_SIZE);
    u64 size = align_up(b.base + b.size, mm::PAGE_SIZE) - start;
    vaddr_t va = TRY(mm::vmap_reserve(size));
    TRY(mm::kernel_map(va, start, size, mm::PG_WRITE | mm::PG_GLOBAL | mm::PG_UNCACHED));
    d.mapped[index] = reinterpret_cast<volatile u8*>(va + (b.base - start));
    return d.mapped[index];
}

const char* describe(const Device& d) {
    if (d.vendor == 0x1af4) {
        u16 id = d.device >= 0x1040 ? u16(d.device - 0x1040) : 0;
        if (d.device >= 0x1000 && d.device < 0x1040) {  // transitional: the subsystem id
            id = d.read16(0x2e);
        }
        switch (id) {
        case 1:
            return "virtio-net";
        case 2:
            return "virtio-blk";
        case 3:
            return "virtio-console";
        case 4:
            return "virtio-rng";
        case 16:
            return "virtio-gpu";
        default:
            return "virtio";
        }
    }
    switch (d.class_code << 8 | d.subclass) {
    case 0x0100:
        return "SCSI";
    case 0x0101:
        return "IDE";
    case 0x0106:
        return "SATA";
    case 0x0108:
        return "NVMe";
    case 0x0200:
        return "Ethernet";
    case 0x0300:
        return "VGA";
    case 0x0600:
        return "host bridge";
    case 0x0601:
        return "ISA bridge";
    case 0x0604:
        return "PCI bridge";
    case 0x0c03:
        return "USB";
    case 0x0c05:
        return "SMBus";
    default:
        return "device";
    }
}

namespace {

// "16K", "1M", "4G" or bytes.
void size_text(char (&out)[16], u64 size) {
    const char* unit = "";
    if (size >= GiB && size % GiB == 0) size /= GiB, unit = "G";
    else if (size >= MiB && size % MiB == 0) size /= MiB, unit = "M";
    else if (size >= KiB && size % KiB == 0) size /= KiB, unit = "K";
    fmt::format_to(out, sizeof out, "{}{}", size, unit);
}

}  // namespace

void log_device(const Device& d) {
    char line[256];
    usize n = fmt::format_to(line, sizeof line, "{:02x}:{:02x}.{} {:04x}:{:04x} {}", d.bus, d.dev,
                             d.fn, d.vendor, d.device, describe(d));
    for (unsigned i = 0; i < 6 && n < sizeof line; ++i) {
        const Bar& b = d.bars[i];
        if (b.kind == Bar::NONE) continue;
        const char* kind = b.kind == Bar::IO ? "io" : b.kind == Bar::MEM32 ? "mem32" : "mem64";
        char size[16];
        size_text(size, b.size);
        n += fmt::format_to(line + n, sizeof line - n, " BAR{} {}{} {:#x}+{}", i, kind,
                            b.prefetchable ? "pf" : "", b.base, size);
    }
    if (d.msix_cap && n < sizeof line)
        fmt::format_to(line + n, sizeof line - n, " MSI-X {}", d.msix_entries);
    klog::info("pci: {}", line);
}

usize format_proc_devices(char* buf, usize size) {
    fmt::BufferSink out(buf, size);
    for (usize i = 0; i < device_count(); ++i) {
        const Device& d = *device(i);
        fmt::format(out, "{:02x}{:02x}\t{:04x}{:04x}\t{:x}", d.bus, u8(d.dev << 3 | d.fn), d.vendor,
                    d.device, d.irq_pin ? d.irq_line : 0);
        for (const Bar& b : d.bars) {
            u64 flags = b.kind == Bar::IO      ? 1
                        : b.kind == Bar::MEM64 ? 4 | (b.prefetchable ? 8 : 0)
                                               : (b.prefetchable ? 8 : 0);
            fmt::format(out, "\t{:16x}", b.kind == Bar::NONE ? 0 : b.base | flags);
        }
        fmt::format(out, "\t{:16x}", 0);  // expansion ROM: not read
        for (const Bar& b : d.bars) fmt::format(out, "\t{:16x}", b.kind == Bar::NONE ? 0 : b.size);
        fmt::format(out, "\t{:16x}\t{}\n", 0,
                    d.vendor == 0x1af4 && d.msix_table ? "virtio-pci" : "");
    }
    return out.length();
}

}  // namespace pci
