// kernel/drivers/power.cc — leaving the machine: debug-exit first, then ACPI S5, then halt.
#include "drivers/power.hh"

#include "arch/x86_64/cpu.hh"
#include "arch/x86_64/irq.hh"
#include "lib/exit_codes.h"

namespace power {

void (*acpi_poweroff_hook)() = nullptr;

void exit_qemu(u8 code) {
    arch::irq_disable();
    arch::outb(QEMU_EXIT_PORT, code);
    // Still here: no debug-exit device. Power off the regular way.
    off();
}

void off() {
    arch::irq_disable();
    if (acpi_poweroff_hook) acpi_poweroff_hook();
    arch::halt_forever();
}

}  // namespace power
