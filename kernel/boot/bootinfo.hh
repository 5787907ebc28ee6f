// kernel/boot/bootinfo.hh — what the boot loader told us, in one typed structure.
//
// Both boot protocols (multiboot2 from GRUB, PVH from `qemu -kernel`) are parsed into
// a BootInfo early in kernel_entry; nothing after that reads the loader's raw tables.
// Strings are copied in, so the loader's memory can be reused once it is parsed.
#pragma once

#include "lib/types.hh"

namespace boot {

/// Memory region types, numbered as in the multiboot2 and E820 maps.
enum class MemoryType : u32 { Usable = 1, Reserved = 2, AcpiReclaimable = 3, AcpiNvs = 4, Bad = 5 };

struct MemoryRegion {
    u64 base;
    u64 length;
    MemoryType type;
};

struct Module {
    u64 start;      ///< physical address of the first byte
    u64 end;        ///< physical address one past the last byte
    char name[64];  ///< the module's command line (GRUB: the text after the path)
};

struct Framebuffer {
    bool present = false;
    u64 address = 0;
    u32 pitch = 0, width = 0, height = 0;
    u8 bpp = 0, type = 0;
};

enum class Protocol : u8 { None, Multiboot2, Pvh };

//! [bootinfo]
struct BootInfo {
    static constexpr usize MAX_REGIONS = 128;
    static constexpr usize MAX_MODULES = 16;

    Protocol protocol = Protocol::None;
    u64 info_phys = 0;  ///< where the loader's table was (to keep it reserved)
    u64 info_size = 0;
    char cmdline[1024] = {};
    char loader_name[64] = {};
    MemoryRegion regions[MAX_REGIONS] = {};
    usize region_count = 0;
    Module modules[MAX_MODULES] = {};
    usize module_count = 0;
    Framebuffer framebuffer;
    u64 rsdp_phys = 0;      ///< PVH gives an address ...
    u8 rsdp_copy[36] = {};  ///< ... multiboot2 a copy of the RSDP itself
    u32 rsdp_copy_len = 0;
    u32 truncations = 0;  ///< strings or lists cut to fit (reported at boot)

    /// Sum of the lengths of the usable regions.
    u64 usable_bytes() const;
};
//! [bootinfo]

/// Names of memory types for the boot banner.
const char* memory_type_name(MemoryType t);

}  // namespace boot
