// kernel/lib/panic.cc — the kernel's panic: report once, stop every CPU, end the run.
#include "lib/panic.hh"

#include <atomic>

#include "arch/x86_64/backtrace.hh"
#include "arch/x86_64/irq.hh"
#include "arch/x86_64/percpu.hh"
#include "drivers/power.hh"
#include "lib/exit_codes.h"
#include "lib/log.hh"
#include "lib/string.hh"

namespace {
std::atomic<bool> panicking{false};
std::atomic<int> panic_cpu{-1};

}  // namespace

int panicking_cpu() { return panic_cpu.load(); }

extern "C" __attribute__((noinline, used)) void larch_panic_hook(const char* message) {
    asm volatile("" : : "r"(message) : "memory");  // keeps the call and the argument
}

//! [panic_message]
void panic_message(const char* message) {
    arch::irq_disable();
    if (panicking.exchange(true)) {
        // A panic while panicking: on another CPU, the first one reports and this one
        // waits to be stopped; on the same CPU (the report itself failed), end the run
        // now so nothing waits out a timeout.
        if (panic_cpu.load() == int(arch::cpu_index())) power::exit_qemu(EXIT_CODE_PANIC);
        arch::halt_forever();
    }
    panic_cpu.store(int(arch::cpu_index()));
    klog::enter_panic_mode();
    arch::stop_other_cpus();
    char line[600];
    usize n = fmt::format_to(line, sizeof line, "\nkernel panic on cpu {}: {}\n", arch::cpu_index(),
                             message);
    klog::write_raw(line, n < sizeof line ? n : sizeof line - 1);
    arch::print_backtrace(__builtin_frame_address(0));
    if (fmt::Sink* c = console::sink()) fmt::format(*c, "\nkernel panic: {}\n", message);
    larch_panic_hook(message);
    power::exit_qemu(EXIT_CODE_PANIC);
}
//! [panic_message]
