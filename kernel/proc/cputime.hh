// kernel/proc/cputime.hh — per-thread CPU time: user and system, from the TSC clock.
//
// Time is charged at the transitions, not sampled by the tick: entering the kernel
// from user mode (a syscall, an interrupt, an exception) charges the user stretch
// that ends, going back to user mode charges the kernel stretch, and a context switch
// charges the kernel stretch of the task leaving and starts the clock of the one
// coming in. So a thread that runs 30 µs has 30 µs, not 0 or a whole tick, and the
// idle loops charge nobody. Readers add the stretch in progress of a running task.
//
// Users: clock_gettime(CLOCK_THREAD_CPUTIME_ID / CLOCK_PROCESS_CPUTIME_ID), getrusage,
// times, and (lab 04, threads) wait4's rusage; ITIMER_VIRTUAL/ITIMER_PROF (signals).
#pragma once

#include "lib/types.hh"
#include "proc/task.hh"

namespace proc {

/// A task's CPU time so far, in nanoseconds.
struct CpuTimes {
    u64 user_ns = 0;
    u64 system_ns = 0;
    u64 total() const { return user_ns + system_ns; }
};

/// The CPU time of thread @p t, the stretch in progress included (any task; the
/// caller keeps @p t alive: a reference, the tree lock, or t is current()).
CpuTimes cpu_times(Task* t);

/// The CPU time of the process of @p t: every thread of its thread group (tgid).
/// Takes the tree lock.
CpuTimes process_cpu_times(Task* t);
/// The reaped children's CPU time of @p t (getrusage(RUSAGE_CHILDREN), times).
CpuTimes children_cpu_times(Task* t);
/// wait4 reaps @p child of @p parent (tree lock held): the parent's children time
/// grows by the child's own and its reaped children's.
void account_reaped(Task* parent, Task* child);

/// The calling task enters the kernel from user mode (syscall_entry.S, isr.S).
void account_enter_kernel(Task* t, u64 now_ns);
/// The calling task goes back to user mode (exit_to_user_mode).
void account_enter_user(Task* t, u64 now_ns);
/// A switch on this CPU at @p now_ns: @p prev leaves (in kernel mode), @p next comes in.
void account_switch(Task* prev, Task* next, u64 now_ns);

}  // namespace proc
