// kernel/proc/watchdog.hh — reporting a CPU that stopped ticking or stopped scheduling.
//
// Every CPU's tick records that the CPU is alive; every 100th tick a CPU also looks at
// the others. A CPU whose last tick is older than the threshold (a hard lock-up:
// interrupts off in a loop), or which was asked to switch that long ago and still has
// not (a soft lock-up: kernel code looping without a preemption point), is reported
// once on the kernel log, with its backtrace, which it prints itself on an NMI
// (arch::request_nmi_backtrace) that reaches it even with interrupts off.
//
// The threshold is guest time (the TSC clock), 10 s by default: four virtual CPUs
// sharing two loaded host cores can lose several seconds of real time without any
// fault, but not of their own time.
#pragma once

#include "lib/types.hh"

namespace proc {

constexpr u64 WATCHDOG_DEFAULT_MS = 10000;

/// Part of the tick on every CPU (sched.cc's timer_tick).
void watchdog_tick();
/// Changes the threshold (tests use a short one); 0 restores the default.
void watchdog_set_threshold_ms(u64 ms);
/// CPUs reported since boot.
u64 watchdog_reports();

}  // namespace proc
