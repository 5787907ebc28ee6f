// kernel/proc/user_return.cc — the work done on every way into and out of user mode.
//
// Every entry from ring 3 (syscall_entry.S, and isr.S for interrupts and exceptions
// that came from user mode) calls enter_from_user_mode(), and every way back to ring 3
// (syscall_return and its sysret, an interrupt's or exception's iretq, a new task's
// first return through task_trampoline) calls exit_to_user_mode() just before it
// restores the user registers. The latter loops, with interrupts off between the
// rounds, while there is work: a switch this CPU was asked for (need_resched), then
// the CPU timers' signals (proc::cpu_itimers_fire) and the signals
// (proc::handle_pending_signals, which may end the task or, in lab 04, build a
// signal frame). Interrupts are off when it returns, so nothing new can be asked of
// this CPU between the last check and the return to user mode without also raising
// an interrupt that will come back through here.
#include "arch/x86_64/interrupts.hh"
#include "arch/x86_64/irq.hh"
#include "drivers/timer/clock.hh"
#include "proc/cpu_itimer.hh"
#include "proc/cputime.hh"
#include "proc/process.hh"
#include "proc/sched.hh"

extern "C" void enter_from_user_mode(arch::TrapFrame* frame);
extern "C" void exit_to_user_mode(arch::TrapFrame* frame);

//! [exit_to_user_mode]
extern "C" void enter_from_user_mode(arch::TrapFrame*) {
    proc::account_enter_kernel(proc::current(), ktime::now_ns());
}

extern "C" void exit_to_user_mode(arch::TrapFrame*) {
    for (;;) {
        arch::irq_enable();
        if (proc::need_resched()) proc::yield();
        proc::cpu_itimers_fire();
        proc::handle_pending_signals();
        arch::irq_disable();
        if (!proc::need_resched()) break;
    }
    proc::account_enter_user(proc::current(), ktime::now_ns());
}
//! [exit_to_user_mode]
