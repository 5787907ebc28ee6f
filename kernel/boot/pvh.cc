// kernel/boot/pvh.cc — reading hvm_start_info (see pvh.hh) into a BootInfo.
#include "boot/pvh.hh"

#include "lib/string.hh"
#include "mm/layout.hh"

namespace boot {
namespace {

struct StartInfo {
    u32 magic, version, flags, nr_modules;
    u64 modlist_paddr, cmdline_paddr, rsdp_paddr, memmap_paddr;
    u32 memmap_entries, reserved;
};
struct ModEntry {
    u64 paddr, size, cmdline_paddr, reserved;
};
struct MemmapEntry {
    u64 addr, size;
    u32 type, reserved;
};

bool readable(u64 pa, u64 len, u64 limit) { return pa < limit && len <= limit - pa; }

// Copies a NUL-terminated string at physical @p pa, bounded by @p limit.
void copy_phys_string(u64 pa, u64 limit, char* dst, usize size, u32& truncations) {
    dst[0] = 0;
    if (!pa || pa >= limit) return;
    const char* s = mm::phys_to_virt<const char>(pa);
    usize max = limit - pa < size ? static_cast<usize>(limit - pa) : size;
    usize n = strnlen(s, max);
    if (n == size) {
        --n;
        ++truncations;
    }
    memcpy(dst, s, n);
    dst[n] = 0;
}

}  // namespace

Result<void> parse_pvh(u64 start_info, u64 limit, BootInfo& out) {
    if (!readable(start_info, sizeof(StartInfo), limit)) return Error(EINVAL);
    StartInfo si;
    memcpy(&si, mm::phys_to_virt(start_info), sizeof si);
    if (si.magic != PVH_START_MAGIC) return Error(EINVAL);

    out.protocol = Protocol::Pvh;
    out.info_phys = start_info;
    out.info_size = sizeof si;
    copy_phys_string(si.cmdline_paddr, limit, out.cmdline, sizeof out.cmdline, out.truncations);
    memcpy(out.loader_name, "PVH (qemu -kernel)", 19);
    out.rsdp_phys = si.rsdp_paddr;

    if (si.nr_modules) {
        if (!readable(si.modlist_paddr, u64(si.nr_modules) * sizeof(ModEntry), limit))
            return Error(EINVAL);
        for (u32 i = 0; i < si.nr_modules; ++i) {
            if (out.module_count == BootInfo::MAX_MODULES) {
                ++out.truncations;
                break;
            }
            ModEntry m;
            memcpy(&m, mm::phys_to_virt(si.modlist_paddr + i * sizeof m), sizeof m);
            Module& mod = out.modules[out.module_count++];
            mod.start = m.paddr;
            mod.end = m.paddr + m.size;
            copy_phys_string(m.cmdline_paddr, limit, mod.name, sizeof mod.name, out.truncations);
        }
    }

    if (si.version >= 1 && si.memmap_entries) {
        if (!readable(si.memmap_paddr, u64(si.memmap_entries) * sizeof(MemmapEntry), limit))
            return Error(EINVAL);
        for (u32 i = 0; i < si.memmap_entries; ++i) {
            if (out.region_count == BootInfo::MAX_REGIONS) {
                ++out.truncations;
                break;
            }
            MemmapEntry e;
            memcpy(&e, mm::phys_to_virt(si.memmap_paddr + i * sizeof e), sizeof e);
            MemoryRegion& r = out.regions[out.region_count++];
            r.base = e.addr;
            r.length = e.size;
            r.type =
                e.type >= 1 && e.type <= 5 ? static_cast<MemoryType>(e.type) : MemoryType::Reserved;
        }
    }
    if (!out.region_count) return Error(ENODATA);  // no memory map: nothing to run on
    return {};
}

}  // namespace boot
