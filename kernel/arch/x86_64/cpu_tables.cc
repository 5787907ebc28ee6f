// kernel/arch/x86_64/cpu_tables.cc — cpu_tables_init: one CPU's GDT, TSS and IDT, in order.
//
// The boot CPU comes first (kernel_main, slot 1): it also unmaps the guard pages of
// every stack in tss.cc and fills the shared IDT, before any other CPU can run. Each
// application processor then calls cpu_tables_init() on its own stack
// (cpu_boot_stack_top) to load its GDT and TSS and the same IDT.
#include "arch/x86_64/cpu_tables.hh"

#include "arch/x86_64/gdt.hh"
#include "arch/x86_64/idt.hh"
#include "arch/x86_64/tss.hh"
#include "lib/log.hh"
#include "lib/panic.hh"

namespace arch {

void cpu_tables_init(PerCpu& cpu) {
    if (cpu.index >= MAX_CPUS)
        panic("cpu_tables_init: cpu index {} >= MAX_CPUS ({})", cpu.index, MAX_CPUS);
    if (cpu.index == 0) {
        register_stack_guards();
        idt_build();
    }
    cpu.tss = tss_init(cpu.index);
    gdt_init(cpu.index, cpu.tss);
    idt_load();
    if (cpu.index == 0) {
        usize guards = 0;
        guard_pages(guards);
        klog::info(
            "cpu: GDT, TSS (IST stacks for #DF, NMI, #MC) and IDT loaded; {} stack guard pages registered",
            guards);
    }
}

}  // namespace arch
