// kernel/arch/x86_64/syscall.hh — the `syscall` instruction: MSRs, CPU protections, user entry.
//
// Per CPU (syscall_cpu_init): EFER.SCE on; STAR with the selectors of gdt.hh (syscall
// enters with CS=0x08/SS=0x10, sysret leaves with CS=0x33/SS=0x2b); LSTAR = the entry
// (syscall_entry.S); SFMASK clears IF, TF, DF, AC and NT on entry, so the entry runs with
// interrupts off until it is on the kernel stack, and string instructions go upwards.
// CR4.SMEP (the kernel never executes user pages) and CR4.SMAP (the kernel touches user
// pages only inside the user-copy routines, between stac and clac) where the CPU has them.
#pragma once

#include "arch/x86_64/interrupts.hh"
#include "lib/types.hh"

namespace arch {

/// The `vector` field of a TrapFrame saved by syscall_entry (not an interrupt).
constexpr u64 VECTOR_SYSCALL = ~0ull;

/// Programs the syscall MSRs and turns on SMEP/SMAP on the calling CPU.
void syscall_cpu_init();

/// True when CR4.SMEP / CR4.SMAP are set on the calling CPU.
bool smep_enabled();
bool smap_enabled();

}  // namespace arch

/// syscall_entry.S calls this with the saved user registers; the result goes in rax.
extern "C" void syscall_dispatch(arch::TrapFrame* frame);
/// syscall_entry.S: returns to user mode from the TrapFrame at RSP (interrupts off).
extern "C" void syscall_return();
