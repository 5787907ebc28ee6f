// kernel/boot/main.cc — kernel_main: bring the machine up in order, say so, then run.
#include "boot/main.hh"

#include "boot/cmdline.hh"
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
    console::print("memory: {} KiB usable ({} MiB)\n", bi.usable_bytes() / KiB, bi.usable_bytes() / MiB);
}

}  // namespace

void kernel_main() {
    const BootInfo& bi = info();
    // 1. This CPU's tables: GDT, TSS and IST stacks, IDT; guard pages (arch/x86_64).
    // 2. Platform: ACPI tables, LAPIC and IOAPIC, clocks and the periodic tick (drivers/).
    // 3. Memory: physical allocator, kernel page tables, heap (mm/, lab 02).

    console::print("\nLarch kernel (x86_64) booted by {}\n", bi.loader_name[0] ? bi.loader_name : "an unnamed loader");
    console::print("command line: {}\n", bi.cmdline);
    if (bi.truncations) klog::warn("boot: {} boot-information strings or lists were cut to fit", bi.truncations);
    print_memory_map(bi);
    // 4. The other CPUs (arch/x86_64/smp.cc); then the banner's CPU and timer lines.

    if (ktest::run_selected()) __builtin_unreachable();
    console::print("nothing to run: no init yet (lab 03); halting.\n");
    for (;;) asm volatile("hlt");
}

}  // namespace boot
