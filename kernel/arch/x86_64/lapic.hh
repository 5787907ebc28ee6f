// kernel/arch/x86_64/lapic.hh — the local APIC of each CPU (xAPIC, memory mapped).
//
// Each CPU has its own local APIC at the same physical address (0xfee00000 unless the
// MSR or the MADT says otherwise); accesses reach the calling CPU's. It receives
// interrupts (from the I/O APIC, other CPUs, its own timer), needs an EOI for each
// one it delivered, sends inter-processor interrupts (IPIs), and has a 32-bit timer
// that counts down at the bus clock divided by a power of two.
#pragma once

#include "lib/types.hh"

namespace lapic {

/// The divider this kernel programs for the timer (the count rate is bus clock / 16).
constexpr u32 TIMER_DIVIDER = 16;

/// Enables the calling CPU's local APIC: software enable with the spurious vector,
/// task priority 0, LINT0 masked (the PICs are off), LINT1 as NMI, timer and error
/// entries masked; records the APIC id in this CPU's PerCpu. The first call (boot CPU)
/// also locates the registers and installs the spurious-interrupt handler.
void init();

/// True once init() ran on the boot CPU.
bool present();

/// The calling CPU's APIC id.
u32 id();

/// Signals the end of the interrupt being handled; device and IPI handlers call it.
void eoi();

/// Sends a fixed IPI with @p vector to the CPU whose APIC id is @p apic_id.
void send_ipi(u32 apic_id, u8 vector);
/// Sends an NMI to the CPU whose APIC id is @p apic_id (the watchdog's backtrace request).
void send_nmi(u32 apic_id);
/// Sends an NMI to every CPU except the caller.
void send_nmi_to_others();
/// INIT and STARTUP IPIs that start an application processor: the second one makes it
/// run real-mode code at physical address @p page * 4096.
void send_init(u32 apic_id);
void send_startup(u32 apic_id, u8 page);

/// The timer. One-shot from the largest count, masked (for calibration).
void timer_start_free_running();
/// Periodic: an interrupt at @p vector each @p initial_count counts.
void timer_start_periodic(u8 vector, u32 initial_count);
void timer_stop();
/// The current count (counts down to 0, then reloads in periodic mode).
u32 timer_current();
/// The initial count last programmed.
u32 timer_initial();

/// How the calling CPU's timer is set up: its local vector table entry and divider.
struct TimerMode {
    u8 vector;
    bool masked;
    bool periodic;
    u32 divider;  ///< the count rate is the bus clock / divider (1..128)
};
TimerMode timer_mode();

}  // namespace lapic
