// kernel/boot/main.cc — kernel_main: bring the machine up in order, say so, then run.
#include "boot/main.hh"

#include "arch/x86_64/cpu_tables.hh"
#include "arch/x86_64/ioapic.hh"
#include "arch/x86_64/irq.hh"
#include "arch/x86_64/lapic.hh"
#include "arch/x86_64/pic.hh"
#include "arch/x86_64/smp.hh"
#include "boot/cmdline.hh"
#include "drivers/acpi/acpi.hh"
#include "drivers/serial/input.hh"
#include "mm/mm.hh"
#include "proc/init.hh"
#include "proc/sched.hh"
#include "drivers/timer/clock.hh"
#include "lib/log.hh"
#include "test/ktest.hh"

namespace boot {
namespace {

void print_memory_map(const BootInfo& bi) {
    console::print("memory map ({} regions, from {}):\n", bi.region_count, bi.loader_name);
    for (usize i = 0; i < bi.region_count; ++i) {
        const MemoryRegion& r = bi.regions[i];
        console::print("  [{:#014x} - {:#014x}] {:>10} KiB  {}\n", r.base, r.base + r.length - 1,
                       r.length / KiB, memory_type_name(r.type));
    }
    console::print("memory: {} KiB usable ({} MiB)\n", bi.usable_bytes() / KiB,
                   bi.usable_bytes() / MiB);
}

}  // namespace

//! [kernel_main]
void kernel_main() {
    const BootInfo& bi = info();
    // 1. This CPU's tables: GDT, TSS and IST stacks, IDT; guard pages (arch/x86_64).
    arch::cpu_tables_init(*arch::this_cpu());
    // 2. Platform: ACPI tables, LAPIC and IOAPIC, clocks and the periodic tick (drivers/).
    acpi::init();
    pic::disable();
    lapic::init();
    ioapic::init();
    ktime::init();
    serial::input_init();
    arch::irq_enable();
    // 3. Memory: physical allocator, kernel page tables, heap (mm/, lab 02).
    mm::init();

    console::print("\nLarch kernel (x86_64) booted by {}\n",
                   bi.loader_name[0] ? bi.loader_name : "an unnamed loader");
    console::print("command line: {}\n", bi.cmdline);
    if (bi.truncations)
        klog::warn("boot: {} boot-information strings or lists were cut to fit", bi.truncations);
    print_memory_map(bi);
    mm::print_summary();
    // 4. The other CPUs (arch/x86_64/smp.cc); then the banner's CPU and timer lines.
    acpi::print_summary();
    smp::start_application_processors();
    smp::print_summary();
    ktime::print_summary();

    // 5. Processes (lab 03): syscall entry, scheduler, initramfs; then PID 1 from init=.
    proc::init();

    if (ktest::run_selected()) __builtin_unreachable();
    if (proc::start_init()) proc::cpu_idle_loop();
    console::print("nothing to run: no init= on the command line; halting.\n");
    for (;;) asm volatile("hlt");
}
//! [kernel_main]

}  // namespace boot
