// kernel/arch/x86_64/percpu.cc — the table of CPUs and the GS.base setup.
#include "arch/x86_64/percpu.hh"

#include "arch/x86_64/cpu.hh"

namespace arch {

PerCpu* cpus[MAX_CPUS];
std::atomic<unsigned> cpus_online{0};

void percpu_install(PerCpu* cpu) {
    cpu->self = cpu;
    wrmsr(MSR_GS_BASE, reinterpret_cast<u64>(cpu));
    wrmsr(MSR_KERNEL_GS_BASE, 0);
    cpus[cpu->index] = cpu;
}

}  // namespace arch
