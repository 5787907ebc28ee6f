// kernel/drivers/timer/clock.hh — time since boot, the calibrated clocks and the periodic tick.
//
// Three clocks, one reference:
//   the TSC            read in one instruction, counts at a fixed rate: the monotonic clock;
//   the LAPIC timer    per CPU, counts down at the bus clock / 16: the periodic tick;
//   the HPET or PIT    of known frequency, only used to measure the two above at boot.
#pragma once

#include "lib/types.hh"

namespace ktime {

/// Default rate of the periodic tick; `hz=N` on the command line changes it.
constexpr u64 DEFAULT_TICK_HZ = 1000;

/// Calibrates the TSC and the LAPIC timer against the HPET (or the PIT), hooks the
/// monotonic clock into the kernel log and starts the tick on the calling (boot) CPU.
/// Needs acpi::init() and lapic::init() first.
void init();

/// True when the TSC and LAPIC timer rates are known.
bool calibrated();

/// Nanoseconds since init(), from the TSC. Never goes backwards, on any CPU. 0 before
/// calibration.
u64 now_ns();

/// Busy-waits for @p us microseconds (TSC, or the PIT before calibration).
void delay_us(u64 us);

/// Calibrated rates, in Hz: the TSC, the LAPIC timer's count (bus clock / 16), the tick.
u64 tsc_hz();
u64 lapic_hz();
u64 tick_hz();
/// Which reference measured them: "hpet", "pit", or "none".
const char* reference();

/// Starts the periodic LAPIC timer interrupt (VECTOR_TIMER) at tick_hz() on the calling
/// CPU; each tick increments PerCpu::ticks. False when the timer is not calibrated.
bool start_tick();

/// Ticks seen so far by CPU @p index (0 for a CPU that is not online).
u64 ticks_of(unsigned index);

/// The banner line: "timer: lapic 1000 Hz (bus 1000.0 MHz), tsc 2894.5 MHz".
void print_summary();

}  // namespace ktime
