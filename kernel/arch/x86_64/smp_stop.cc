// kernel/arch/x86_64/smp_stop.cc — stopping the other CPUs when one panics.
#include "arch/x86_64/backtrace.hh"
#include "arch/x86_64/percpu.hh"

namespace arch {

// Before the application processors are started there is nobody to stop; once
// smp.cc has started them it installs a function that sends them an NMI.
void (*stop_other_cpus_hook)() = nullptr;

void stop_other_cpus() {
    if (stop_other_cpus_hook) stop_other_cpus_hook();
}

}  // namespace arch
