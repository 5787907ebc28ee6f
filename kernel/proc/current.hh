// kernel/proc/current.hh — what the memory code needs to know about the running task.
#pragma once

#include "lib/types.hh"

namespace vm {
class AddressSpace;
}

namespace proc {

/// The address space of the task running on this CPU; null for kernel threads.
vm::AddressSpace* current_address_space();

/// Ends the current task because of a fault it cannot recover from (signal @p signo,
/// e.g. SIGSEGV = 11, with @p address for the report). Does not return to the faulting
/// code: until signal handlers exist (lab 04), the default action kills the process and
/// its parent's wait4 sees WIFSIGNALED with that signal.
[[noreturn]] void fatal_signal(int signo, vaddr_t address);

}  // namespace proc
