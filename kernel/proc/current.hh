// kernel/proc/current.hh — what the memory code needs to know about the running task.
#pragma once

#include "lib/types.hh"

namespace vm {
class AddressSpace;
}
namespace arch {
struct TrapFrame;
}

namespace proc {

/// The address space of the task running on this CPU; null for kernel threads.
vm::AddressSpace* current_address_space();

/// Ends the current task because of a fault it cannot recover from (signal @p signo,
/// e.g. SIGSEGV = 11, with @p address for the report): its parent's wait4 sees
/// WIFSIGNALED with that signal. No handler runs.
[[noreturn]] void fatal_signal(int signo, vaddr_t address);

/// A user fault: signal @p sig with si_code @p code and si_addr @p address is forced on
/// the calling task (a handler may catch it; blocked or ignored, it kills) and taken
/// before the task returns to @p frame (proc/signal_fault.cc).
void fault_signal(arch::TrapFrame& frame, int sig, int code, vaddr_t address);

}  // namespace proc
