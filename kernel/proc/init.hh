// kernel/proc/init.hh — bringing the process layer up and starting PID 1.
#pragma once

#include "proc/task.hh"

namespace proc {

/// The process layer on the boot CPU: syscall MSRs, FPU, SMEP/SMAP, the scheduler.
/// Called from kernel_main after the other CPUs are up (they call cpu_init themselves).
void init();
/// The per-CPU part (syscall MSRs, FPU, SMEP/SMAP); application processors call it from
/// their entry.
void cpu_init();

/// Starts PID 1 from the initramfs when the command line says `init=/path`: the
/// program gets argv {path, words...} and an environment, as Linux gives init (words
/// of the command line with '=' that the kernel does not know go to envp, the others
/// to argv). Returns false without `init=`; panics when init cannot be started.
bool start_init();

/// PID 1 (null before start_init).
Task* init_task();

}  // namespace proc
