// kernel/drivers/acpi/acpi.cc — finding the RSDP, walking the RSDT/XSDT, and the summary.
//
// The RSDP ("RSD PTR ") comes from the boot loader (multiboot2 hands over a copy,
// PVH an address) or, failing that, from the legacy search: the first KiB of the EBDA,
// then the BIOS area 0xe0000-0xfffff on 16-byte boundaries. Its revision says whether
// the root table is the RSDT (32-bit pointers) or the XSDT (64-bit pointers). Each
// table the root lists is checked (drivers/acpi/tables.hh) and remembered by
// signature; the MADT, FADT and HPET tables are parsed right away.
#include "boot/main.hh"
#include "drivers/acpi/tables.hh"
#include "drivers/power.hh"
#include "lib/log.hh"
#include "mm/layout.hh"

namespace acpi {
namespace detail {
namespace {

constexpr usize RSDP_V1_SIZE = 20;
constexpr usize RSDP_V2_SIZE = 36;
constexpr usize MAX_TABLES = 64;

struct TableRef {
    char sig[4];
    u64 phys;
};

Info info_;
TableRef tables[MAX_TABLES];
usize table_count = 0;

char sig_char(char c) { return c >= 0x20 && c < 0x7f ? c : '?'; }

}  // namespace

// LAB_BEGIN(01-boot, 3): helpers to find the RSDP and walk the root table
namespace {

bool rsdp_valid(const u8* p, usize available) {
    if (available < RSDP_V1_SIZE || memcmp(p, "RSD PTR ", 8) != 0) return false;
    if (!checksum_ok(p, RSDP_V1_SIZE)) return false;
    if (p[15] >= 2) {
        if (available < RSDP_V2_SIZE) return false;
        u32 len = load_u32(p + 20);
        if (len < RSDP_V2_SIZE || len > available || !checksum_ok(p, len)) return false;
    }
    return true;
}

// Scans [start, start + len) on 16-byte boundaries for a valid RSDP.
u64 scan_for_rsdp(u64 start, u64 len) {
    for (u64 pa = start; pa + RSDP_V1_SIZE <= start + len; pa += 16)
        if (rsdp_valid(mm::phys_to_virt<const u8>(pa), static_cast<usize>(start + len - pa)))
            return pa;
    return 0;
}

// Copies the RSDP into @p out (36 bytes); false when there is none.
bool locate_rsdp(u8 (&out)[RSDP_V2_SIZE], Info& info) {
    const boot::BootInfo& bi = boot::info();
    if (bi.rsdp_copy_len && rsdp_valid(bi.rsdp_copy, bi.rsdp_copy_len)) {
        memset(out, 0, sizeof out);
        memcpy(out, bi.rsdp_copy, bi.rsdp_copy_len);
        info.from_loader = true;
        return true;
    }
    if (bi.rsdp_copy_len)
        klog::warn("acpi: the boot loader's copy of the RSDP is invalid; searching memory");
    u64 pa = 0;
    if (bi.rsdp_phys && bi.rsdp_phys < REACHABLE_LIMIT - RSDP_V2_SIZE &&
        rsdp_valid(mm::phys_to_virt<const u8>(bi.rsdp_phys), RSDP_V2_SIZE))
        pa = bi.rsdp_phys;
    if (!pa) {
        u64 ebda = u64(load_u16(mm::phys_to_virt<const u8>(0x40e))) << 4;
        if (ebda >= 0x80000 && ebda < 0xa0000) pa = scan_for_rsdp(ebda, 1024);
    }
    if (!pa) pa = scan_for_rsdp(0xe0000, 0x20000);
    if (!pa) return false;
    const u8* p = mm::phys_to_virt<const u8>(pa);
    memcpy(out, p, p[15] >= 2 ? RSDP_V2_SIZE : RSDP_V1_SIZE);
    info.rsdp_phys = pa;
    return true;
}

void remember(const Table& t) {
    if (table_count == MAX_TABLES) {
        klog::warn("acpi: more than {} tables; ignoring the rest", MAX_TABLES);
        return;
    }
    memcpy(tables[table_count].sig, t.bytes, 4);
    tables[table_count].phys = t.phys;
    ++table_count;
}

// Walks the RSDT (entry_size 4) or XSDT (entry_size 8).
void walk_root(const Table& root, usize entry_size) {
    usize count = root.body_length() / entry_size;
    for (usize i = 0; i < count; ++i) {
        const u8* e = root.body() + i * entry_size;
        u64 pa = entry_size == 8 ? load_u64(e) : load_u32(e);
        if (Table t = map_table(pa, nullptr)) remember(t);
    }
}

void read_dsdt(Info& info) {
    if (!info.dsdt_phys) return;
    Table dsdt = map_table(info.dsdt_phys, "DSDT");
    if (!dsdt) return;
    info.has_s5 = find_s5(dsdt.body(), dsdt.body_length(), info.slp_typa, info.slp_typb);
    if (!info.has_s5)
        klog::warn("acpi: no usable \\_S5 package in the DSDT; ACPI power-off unavailable");
}

}  // namespace
// LAB_FALLBACK
// LAB_END

Info& mutable_info() { return info_; }

bool checksum_ok(const u8* p, usize len) {
    u8 sum = 0;
    for (usize i = 0; i < len; ++i) sum = static_cast<u8>(sum + p[i]);
    return sum == 0;
}

Table map_table(u64 phys, const char* sig) {
    Table t;
    if (!phys || phys >= REACHABLE_LIMIT - HEADER_SIZE) {
        klog::warn("acpi: table {} at {:#x} is out of reach; ignored", sig ? sig : "?", phys);
        return t;
    }
    const u8* p = mm::phys_to_virt<const u8>(phys);
    u32 len = load_u32(p + 4);
    char name[5] = {sig_char(char(p[0])), sig_char(char(p[1])), sig_char(char(p[2])),
                    sig_char(char(p[3])), 0};
    if (sig && memcmp(p, sig, 4) != 0) {
        klog::warn("acpi: expected table {} at {:#x}, found '{}'; ignored", sig, phys, name);
        return t;
    }
    if (len < HEADER_SIZE || len > MAX_TABLE_SIZE || phys + len > REACHABLE_LIMIT) {
        klog::warn("acpi: table {} at {:#x} has a bad length {}; ignored", name, phys, len);
        return t;
    }
    if (!checksum_ok(p, len)) {
        klog::warn("acpi: table {} at {:#x} has a bad checksum; ignored", name, phys);
        return t;
    }
    t.bytes = p;
    t.length = len;
    t.phys = phys;
    return t;
}

}  // namespace detail

using namespace detail;

const Info& info() { return info_; }

u64 find_table(const char signature[4], usize index) {
    for (usize i = 0; i < table_count; ++i)
        if (memcmp(tables[i].sig, signature, 4) == 0 && index-- == 0) return tables[i].phys;
    return 0;
}

void init() {
    Info& info = info_;
    // LAB_BEGIN(01-boot, 3): find the RSDP, walk the RSDT/XSDT, parse the MADT, FADT, HPET and \_S5
    u8 rsdp[RSDP_V2_SIZE];
    if (!locate_rsdp(rsdp, info)) {
        klog::warn("acpi: no RSDP found; running without ACPI (one CPU, no power-off)");
        return;
    }
    info.revision = rsdp[15];
    memcpy(info.oem_id, rsdp + 9, 6);
    for (char& c : info.oem_id) c = c ? sig_char(c) : 0;

    u64 xsdt = info.revision >= 2 ? load_u64(rsdp + 24) : 0;
    Table root;
    if (xsdt) root = map_table(xsdt, "XSDT");
    if (root) {
        walk_root(root, 8);
    } else if ((root = map_table(load_u32(rsdp + 16), "RSDT"))) {
        walk_root(root, 4);
    } else {
        klog::warn("acpi: neither XSDT nor RSDT is usable; running without ACPI");
        return;
    }
    info.table_count = table_count;

    if (Table t = map_table(find_table("APIC"), "APIC")) parse_madt(t, info);
    else klog::warn("acpi: no MADT; only the boot CPU will run");
    if (Table t = map_table(find_table("FACP"), "FACP")) parse_fadt(t, info);
    else klog::warn("acpi: no FADT; no ACPI power-off");
    if (u64 pa = find_table("HPET"))
        if (Table t = map_table(pa, "HPET")) parse_hpet(t, info);
    read_dsdt(info);
    if (info.has_fadt && info.has_s5 && info.pm1a_cnt) power::acpi_poweroff_hook = poweroff;
    // LAB_FALLBACK
    // (void)info;
    // klog::warn("acpi: tables not read (lab 01 TODO); one CPU, no power-off");
    // LAB_END
}

void print_summary() {
    const Info& i = info_;
    klog::info("acpi: rsdp rev {} oem '{}' {} ({} tables)", i.revision, i.oem_id,
               i.from_loader ? "from the boot loader" : "found in memory", table_count);
    for (usize n = 0; n < table_count; ++n) {
        char sig[5] = {tables[n].sig[0], tables[n].sig[1], tables[n].sig[2], tables[n].sig[3], 0};
        klog::info("acpi:   {} at {:#x}", sig, tables[n].phys);
    }
    for (usize n = 0; n < i.lapic_count; ++n)
        klog::info("acpi: cpu uid {} apic id {} {}", i.lapics[n].processor_uid, i.lapics[n].apic_id,
                   i.lapics[n].enabled ? "enabled" : "disabled");
    for (usize n = 0; n < i.ioapic_count; ++n)
        klog::info("acpi: ioapic id {} at {:#x}, gsi base {}", i.ioapics[n].id,
                   i.ioapics[n].address, i.ioapics[n].gsi_base);
    for (usize n = 0; n < i.override_count; ++n)
        klog::info("acpi: irq {} -> gsi {} ({}, {})", i.overrides[n].irq, i.overrides[n].gsi,
                   i.overrides[n].active_low() ? "active low" : "active high",
                   i.overrides[n].level_triggered() ? "level" : "edge");
    if (i.has_fadt)
        klog::info(
            "acpi: fadt: pm1a_cnt {:#x} pm1b_cnt {:#x} sci irq {} century reg {:#x} reset {}",
            i.pm1a_cnt, i.pm1b_cnt, i.sci_irq, i.century_reg, i.reset_supported ? "yes" : "no");
    if (i.has_hpet) klog::info("acpi: hpet at {:#x}", i.hpet_address);
    if (i.has_s5) klog::info("acpi: \\_S5 slp_typa {} slp_typb {}", i.slp_typa, i.slp_typb);

    if (!i.has_madt && !i.has_fadt) {
        console::print("acpi: not available\n");
        return;
    }
    console::print("acpi: {} cpus, {} ioapic{}, {} overrides{}{}", i.enabled_cpus(), i.ioapic_count,
                   i.ioapic_count == 1 ? "" : "s", i.override_count, i.has_fadt ? ", fadt" : "",
                   i.has_hpet ? ", hpet" : "");
    if (i.has_s5) console::print(", s5 slp_typ {}", i.slp_typa);
    console::print("\n");
}

}  // namespace acpi
