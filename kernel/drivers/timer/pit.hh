// kernel/drivers/timer/pit.hh — the 8254 PIT's channel 2 as a one-shot stopwatch.
#pragma once

#include "lib/types.hh"

namespace pit {

constexpr u64 FREQUENCY_HZ = 1193182;
/// The longest interval one count can measure (65535 ticks).
constexpr u64 MAX_INTERVAL_US = 54900;

/// Starts channel 2 counting down from the count for @p us microseconds (gate on,
/// speaker off, mode 0). Returns the interval it really programmed, in nanoseconds.
u64 start_oneshot(u64 us);
/// True once the count of start_oneshot() has run out (OUT2 high).
bool expired();

}  // namespace pit
