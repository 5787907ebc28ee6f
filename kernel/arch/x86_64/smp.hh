// kernel/arch/x86_64/smp.hh — the other CPUs: starting them and asking them to run code.
#pragma once

#include "lib/types.hh"

namespace smp {

/// Starts every enabled processor of the MADT (INIT-SIPI-SIPI through the trampoline),
/// up to the limit of `smp=` on the command line if given. Returns once all are online
/// or have timed out (those are reported in the log).
void start_application_processors();

/// CPUs online, the boot CPU included.
unsigned cpu_count();

/// Runs fn(arg) on every other online CPU through an IPI; with @p wait, returns only
/// when all of them have finished. Used for TLB shootdowns (lab 02).
void call_on_others(void (*fn)(void*), void* arg, bool wait = true);

/// The banner line: "cpus: 4 online (bsp apic id 0)".
void print_summary();

}  // namespace smp
