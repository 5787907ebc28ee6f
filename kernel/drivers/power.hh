// kernel/drivers/power.hh — ending a run: QEMU's debug-exit device and ACPI power-off.
#pragma once

#include "lib/types.hh"

namespace power {

/// Under QEMU with isa-debug-exit, exits with status (code << 1) | 1 (codes in
/// lib/exit_codes.h). Where that device is absent, powers off through ACPI instead,
/// and halts if even that fails.
[[noreturn]] void exit_qemu(u8 code);

/// ACPI S5 soft-off through the FADT's PM1 control registers; halts if unavailable.
[[noreturn]] void off();

/// Installed by the ACPI driver once it has found the FADT and the \_S5 sleep type;
/// returns only when the power-off did not happen.
extern void (*acpi_poweroff_hook)();

}  // namespace power
