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

}  // namespace

void panic_message(const char* message) {
    arch::irq_disable();
    if (panicking.exchange(true)) arch::halt_forever();  // a second panic: the first one reports
    klog::enter_panic_mode();
    arch::stop_other_cpus();
    char line[600];
    usize n = fmt::format_to(line, sizeof line, "\nkernel panic on cpu {}: {}\n", arch::cpu_index(), message);
    klog::write_raw(line, n < sizeof line ? n : sizeof line - 1);
    arch::print_backtrace(__builtin_frame_address(0));
    if (fmt::Sink* c = console::sink()) fmt::format(*c, "\nkernel panic: {}\n", message);
    power::exit_qemu(EXIT_CODE_PANIC);
}
