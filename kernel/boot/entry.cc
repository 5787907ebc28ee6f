// kernel/boot/entry.cc — the first C++ code: from entry32.S's jump to kernel_main.
//
// In order: per-CPU data for the boot CPU (locks need it), C++ global constructors,
// the serial ports, the boot information (multiboot2 or PVH) and the command line,
// the log. Nothing here allocates memory.
#include "arch/x86_64/percpu.hh"
#include "boot/bootinfo.hh"
#include "boot/cmdline.hh"
#include "boot/main.hh"
#include "boot/multiboot2.hh"
#include "boot/pvh.hh"
#include "drivers/power.hh"
#include "drivers/serial/uart16550.hh"
#include "lib/exit_codes.h"
#include "lib/log.hh"
#include "lib/symbols.hh"
#include "mm/layout.hh"

extern "C" void (*__init_array_start[])();
extern "C" void (*__init_array_end[])();

namespace boot {
namespace {
arch::PerCpu boot_cpu;
BootInfo boot_info;

// The multiboot2 table lies in the first 4 GiB, which the early direct map covers.
constexpr u64 EARLY_DIRECT_MAP_LIMIT = 4 * GiB;

//! [parse_boot_info]
void parse_boot_info(u32 magic, u32 info_phys) {
    if (magic == MULTIBOOT2_BOOTLOADER_MAGIC) {
        boot_info.info_phys = info_phys;
        auto r = parse_multiboot2(mm::phys_to_virt(info_phys), EARLY_DIRECT_MAP_LIMIT - info_phys,
                                  boot_info);
        if (r.is_error())
            panic("multiboot2 information at {:#x} is malformed ({})", info_phys,
                  errno_name(r.error()));
    } else if (magic == PVH_START_MAGIC) {
        auto r = parse_pvh(info_phys, EARLY_DIRECT_MAP_LIMIT, boot_info);
        if (r.is_error())
            panic("PVH start info at {:#x} is malformed ({})", info_phys, errno_name(r.error()));
    } else {
        panic(
            "booted by an unknown protocol (magic {:#x}); use GRUB2 multiboot2 or qemu -kernel (PVH)",
            magic);
    }
}
//! [parse_boot_info]

}  // namespace

const BootInfo& info() { return boot_info; }

}  // namespace boot

//! [kernel_entry]
extern "C" [[noreturn]] void kernel_entry(u32 magic, u32 info_phys) {
    boot::boot_cpu.index = 0;
    arch::percpu_install(&boot::boot_cpu);

    for (auto* ctor = __init_array_start; ctor < __init_array_end; ++ctor) (*ctor)();

    serial::com1().init();
    serial::com2().init();
    console::attach(&serial::com1());
    klog::attach(&serial::com2(), nullptr);
    symbols::use_embedded_table();

    boot::parse_boot_info(magic, info_phys);
    cmdline::set_boot(boot::boot_info.cmdline);
    if (cmdline::boot().has("probe"))
        power::exit_qemu(EXIT_CODE_PROBE);  // tools/qemu.py's KVM probe
    if (cmdline::boot().get("log") == StrView("console"))
        klog::attach(&serial::com2(), &serial::com1());
    if (cmdline::boot().get("loglevel") == StrView("debug")) klog::set_level(klog::Level::Debug);

    boot::kernel_main();
}
//! [kernel_entry]
