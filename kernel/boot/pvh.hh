// kernel/boot/pvh.hh — the Xen PVH boot protocol, as QEMU's `-kernel` uses it for ELF kernels.
//
// The loader passes the physical address of an hvm_start_info structure (magic
// 0x336ec578) holding the command line, the modules and, from version 1, an E820-style
// memory map. Every address in it is checked to lie below the readable limit.
#pragma once

#include "boot/bootinfo.hh"
#include "lib/result.hh"

namespace boot {

constexpr u32 PVH_START_MAGIC = 0x336ec578;

/// Parses the start info at physical @p start_info; physical memory below @p limit is
/// readable through the direct map.
Result<void> parse_pvh(u64 start_info, u64 limit, BootInfo& out);

}  // namespace boot
