// kernel/proc/cpu_itimer.hh — ITIMER_VIRTUAL and ITIMER_PROF: interval timers that count
// the process's CPU time instead of wall time.
//
// The CPU-time accounting (cputime.cc) charges every stretch of user or kernel time as it
// ends; cpu_itimer_charge() takes the same stretch off the process's two CPU timers:
// ITIMER_VIRTUAL counts user time, ITIMER_PROF user and kernel time, summed over the
// threads. The accounting runs where no lock may be taken (interrupt entry, the context
// switch under the run-queue lock), so the values are atomics and an expiry only sets a
// bit in the thread that used the time up; exit_to_user_mode() sends the signals
// (SIGVTALRM, SIGPROF, to the process) through cpu_itimers_fire() on its way out.
#pragma once

#include "lib/result.hh"
#include "lib/types.hh"
#include "proc/task.hh"

namespace proc {

/// Which CPU timer: setitimer's ITIMER_VIRTUAL and ITIMER_PROF, minus one.
enum CpuItimer : int { CPU_ITIMER_VIRTUAL = 0, CPU_ITIMER_PROF = 1 };

/// A CPU timer's setting: the time left before it fires (0: disarmed), and its reload.
struct CpuItimerValue {
    u64 value_ns = 0;
    u64 interval_ns = 0;
};

/// Takes @p user_ns of user time and @p system_ns of kernel time, just used by @p t,
/// off its process's CPU timers; an expiry reloads the timer and marks @p t. Lock-free.
void cpu_itimer_charge(Task* t, u64 user_ns, u64 system_ns);

/// Sends the signals of the CPU timers that expired in the current thread's time.
void cpu_itimers_fire();

/// Arms (value 0: disarms) the calling process's CPU timer @p which; the old setting.
CpuItimerValue cpu_itimer_set(CpuItimer which, CpuItimerValue next);

/// The calling process's CPU timer @p which.
CpuItimerValue cpu_itimer_get(CpuItimer which);

}  // namespace proc
