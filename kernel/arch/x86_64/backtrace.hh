// kernel/arch/x86_64/backtrace.hh — walking frame pointers and naming what we find.
#pragma once

#include "lib/types.hh"

namespace arch {

/// Prints "  #0 0xffffffff80101234 kernel_main+0x24" lines for the chain of frames
/// starting at @p frame (a saved RBP), to the kernel log. Stops at a null, misaligned
/// or non-kernel frame pointer, so a corrupt stack ends the walk instead of faulting.
void print_backtrace(const void* frame);

/// Like print_backtrace, starting with an explicit instruction pointer (from a trap frame).
void print_backtrace_from(u64 rip, u64 rbp);

/// Stops the other CPUs (NMI IPI once SMP is up; nothing before).
void stop_other_cpus();
/// Installed by the SMP code once application processors run (sends them an NMI).
extern void (*stop_other_cpus_hook)();

}  // namespace arch
