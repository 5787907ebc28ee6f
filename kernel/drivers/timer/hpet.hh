// kernel/drivers/timer/hpet.hh — the HPET's main counter, our reference for calibration.
#pragma once

#include "lib/types.hh"

namespace hpet {

/// Uses the HPET the ACPI table points at: checks its period, starts the main counter.
/// False when there is none or it looks broken.
bool init();
bool available();

/// The main counter (free running, 32 or 64 bits wide; see counter_mask()).
u64 counter();
u64 counter_mask();
/// Femtoseconds per counter tick (at most 100 ns by the spec).
u64 period_fs();
/// Nanoseconds between two counter readings, taking a 32-bit wrap into account.
u64 ticks_to_ns(u64 from, u64 to);

}  // namespace hpet
