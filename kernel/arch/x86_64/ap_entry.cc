// kernel/arch/x86_64/ap_entry.cc — an application processor's way from the trampoline to idle.
#include "arch/x86_64/ap_entry.hh"

#include "arch/x86_64/cpu_tables.hh"
#include "arch/x86_64/irq.hh"
#include "arch/x86_64/lapic.hh"
#include "drivers/timer/clock.hh"
#include "lib/log.hh"
#include "proc/init.hh"
#include "proc/sched.hh"

//! [ap_entry]
extern "C" void ap_entry(arch::PerCpu* cpu) {
    arch::percpu_install(cpu);  // GS first: locks and the log need this_cpu()
    arch::cpu_tables_init(*cpu);
    lapic::init();
    if (!ktime::start_tick()) klog::warn("smp: cpu {} runs without a periodic tick", cpu->index);
    cpu->online.store(true, std::memory_order_release);
    arch::cpus_online.fetch_add(1, std::memory_order_acq_rel);
    proc::cpu_init();       // lab 03: syscall MSRs, FPU, SMEP/SMAP
    proc::cpu_idle_loop();  // runs tasks once the scheduler is up; halts until then
}
//! [ap_entry]
