// kernel/proc/sched.hh — the scheduler: per-CPU run queues, preemption, sleeping and waking.
//
// Each CPU has a run queue (a FIFO of Runnable tasks under its own lock) and an idle
// task (the CPU's boot context, which halts until an interrupt). schedule() puts the
// running task back at the tail, if it is still Runnable, and switches to the head:
// round robin. The LAPIC tick (timer_tick) preempts a task after SLICE_TICKS ticks, but
// only when the tick interrupted user mode or the idle task: kernel code is never
// preempted (it blocks only where it chooses to), so it needs no preemption counts.
//
// Load balancing: a new or woken task goes to the CPU with the fewest runnable tasks
// (an idle CPU is woken with an IPI), and an idle CPU steals a waiting task from the
// busiest queue on every tick.
//
// Sleeping follows xv6: a task that waits for a condition holds the lock that guards
// the condition, puts an entry for itself on a WaitQueue (proc/wait_queue.hh, guarded by
// that same lock), and calls sleep_on(), which takes its run-queue lock before letting
// the condition lock go. A waker takes the condition lock and then the sleeper's
// run-queue lock, which the sleeper holds until it is off the CPU, so no wakeup is lost.
//
// A task that waits on several queues at once (poll) cannot hold all their locks while
// it sleeps; it uses the three-step protocol instead: set_sleeping() (its state says
// Sleeping from now on, and any wake_task() in between turns it back to Running), test
// its conditions, then schedule_sleeping(), which leaves the CPU only if no wake-up came
// in between; set_running() when it gives up before sleeping.
#pragma once

#include "arch/x86_64/interrupts.hh"
#include "lib/spinlock.hh"
#include "proc/task.hh"
#include "proc/wait_queue.hh"

namespace proc {

/// Ticks a task runs before it is preempted (at 1000 Hz: 10 ms).
constexpr u32 SLICE_TICKS = 10;

/// Sets up the run queues and makes the calling (boot) CPU's context its idle task.
void sched_init();
/// The calling CPU's idle loop (application processors end their entry here, the boot
/// CPU after starting init). Runs whatever becomes runnable; never returns.
[[noreturn]] void cpu_idle_loop();
/// True once sched_init ran.
bool sched_ready();

/// Makes a new task Runnable on the least loaded CPU.
void make_runnable(Task* t);
/// Gives up the CPU to the next runnable task, if any (sched_yield).
void yield();
/// Called from the LAPIC tick on every CPU with the interrupted frame.
void timer_tick(arch::TrapFrame& frame);

/// With LARCH_DEBUG, panics naming @p what unless the caller may sleep: it is a task
/// (not an idle loop), not inside an interrupt handler, holds at most @p locks_allowed
/// spinlocks (sleep_on's own lock is 1) and, holding none, has interrupts on.
void may_sleep(const char* what, unsigned locks_allowed = 0);

/// Sleeps on @p wq. @p lock guards the condition and @p wq and is held by the caller
/// (interrupts off); it is released while asleep and held again on return. A spurious
/// or early wakeup is possible: callers loop on their condition.
void sleep_on(WaitQueue& wq, SpinLock& lock);
/// The same, also woken at monotonic time @p deadline_ns (ktime::now_ns()).
void sleep_on_until(WaitQueue& wq, SpinLock& lock, u64 deadline_ns);
/// Wakes every entry on @p wq (caller holds its lock); see WaitQueue::wake_all.
void wake_all(WaitQueue& wq);
/// Wakes @p t if it sleeps (kill; caller may hold the tree lock). Returns whether it
/// was asleep (or about to sleep, between set_sleeping and schedule_sleeping).
bool wake_task(Task* t);

/// Multi-queue sleeping, step 1: the calling task is Sleeping from now on, although it
/// still runs; a wake_task() before step 3 makes it Running again.
void set_sleeping();
/// Step 2 (optional): back to Running without sleeping (the condition was true).
void set_running();
/// Step 3: leaves the CPU unless a wake-up came since set_sleeping(); Running on return.
void schedule_sleeping();

/// Prepares a new task's kernel stack so that its first switch-in runs
/// task_trampoline and returns to user mode with the registers of t->frame().
void prepare_first_run(Task* t);

/// Switches away from a task that has become a Zombie; never returns.
[[noreturn]] void schedule_dead();

/// Statistics for tests: context switches, tasks stolen by idle CPUs, and how many
/// ticks each CPU spent running a task other than its idle task.
u64 context_switches();
u64 tasks_stolen();
u64 busy_ticks(unsigned cpu);
/// Runnable tasks queued on CPU @p cpu (not counting the running one).
usize queue_length(unsigned cpu);
/// One kernel-log line: switches, steals and the busy ticks of every CPU.
void log_scheduler_stats();

}  // namespace proc

/// context_switch.S.
extern "C" void context_switch(u64* save_rsp, u64 new_rsp);
extern "C" void task_trampoline();
/// Called by task_trampoline on a new task's first run.
extern "C" void task_first_run();
/// Called by kthread_trampoline on a kernel thread's first run.
extern "C" void kthread_first_run();
