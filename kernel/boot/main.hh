// kernel/boot/main.hh — kernel_main and the boot information it was started with.
#pragma once

#include "boot/bootinfo.hh"

namespace boot {
/// The parsed boot information (valid once kernel_entry has run).
const BootInfo& info();
/// Brings up the machine, prints the banner, runs the selected tests or init.
[[noreturn]] void kernel_main();
}  // namespace boot

/// The first C++ function, called by entry32.S with the boot protocol's magic number and
/// the physical address of its information structure.
extern "C" [[noreturn]] void kernel_entry(u32 magic, u32 info_phys);
