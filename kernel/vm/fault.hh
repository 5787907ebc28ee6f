// kernel/vm/fault.hh — the page-fault path for user addresses, and the exception table.
//
// The #PF handler (arch/x86_64/traps.cc) asks page_fault() first:
//   - a fault in user mode goes to the current address space (demand paging,
//     copy-on-write); one it cannot resolve kills the process (SIGSEGV, or SIGKILL
//     when memory ran out) and does not return;
//   - a fault in kernel mode at an instruction listed in the exception table (the
//     user-copy routines, user_copy.S) is resolved the same way when it can be, and
//     otherwise resumes at the instruction's fixup, which makes the copy fail with
//     EFAULT;
//   - anything else is a kernel bug: page_fault() returns false and the handler
//     reports it and panics.
#pragma once

#include "lib/types.hh"

namespace arch {
struct TrapFrame;
}

namespace vm {
class AddressSpace;
}

namespace vm {

/// Handles a page fault if it is one of the cases above; false for a kernel bug.
bool page_fault(arch::TrapFrame& frame);

/// The fixup address listed for a faulting kernel instruction at @p rip, or 0.
uptr extable_fixup(uptr rip);

/// Lets kernel code that runs without a user task (in-kernel tests, a kernel thread
/// working for a process) reach @p space through the user-copy functions on this CPU:
/// faults resolve in it while the current task has no space of its own. The caller
/// activates the space itself; null ends the loan.
void use_space_on_this_cpu(AddressSpace* space);

/// Faults resolved and copies fixed up since boot (tests, statistics).
struct FaultStats {
    u64 resolved, user_killed, fixups;
};
FaultStats fault_stats();

}  // namespace vm
