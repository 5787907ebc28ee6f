// kernel/proc/exit.cc — ending a process and reaping it: exit, wait4, zombies (process.hh).
//
// exit() gives the address space back at once, but the task itself (its kernel stack
// in particular, which it is still running on) stays as a Zombie until its parent
// reaps it with wait4, which is also where the exit status is read. A parent that
// exits first hands its children to init (PID 1), which reaps them.
#include "arch/x86_64/cpu.hh"
#include "arch/x86_64/irq.hh"
#include "drivers/power.hh"
#include "lib/exit_codes.h"
#include "lib/log.hh"
#include "proc/cputime.hh"
#include "proc/init.hh"
#include "proc/process.hh"
#include "proc/sched.hh"
#include "proc/table.hh"
#include "vm/address_space.hh"

namespace proc {
// LAB_BEGIN(03-processes, 2): exit (zombie, orphans to init, wake the parent) and wait (reap a zombie child)
namespace {

bool matches(const Task& me, const Task& child, pid_t pid) {
    if (pid > 0) return child.tid == pid;
    if (pid == -1) return true;
    if (pid == 0) return child.pgid == me.pgid;
    return child.pgid == -pid;
}

// Frees a reaped zombie once it is off its CPU for good.
void release(Task* t) {
    while (t->on_cpu.load(std::memory_order_acquire)) arch::cpu_relax();
    task_free(t);
}

}  // namespace

//! [exit]
[[noreturn]] void exit(int status) {
    Task* me = current();
    if (vm::AddressSpace* as = me->as) {
        {
            // Off the tables before they go, through the space's bookkeeping so this CPU
            // leaves its CPU set (no shootdown IPIs for a space it no longer uses).
            IrqGuard irqs_off;
            vm::AddressSpace::activate_kernel();
            me->as = nullptr;
        }
        as->put();
    }
    SpinLock& lock = tree_lock();
    arch::irq_disable();  // for good: this task never runs user code again
    lock.lock_irqs_off();
    me->exit_status = status;
    Task* init = init_task();
    bool orphan_zombies = false;
    while (Task* child = me->children.pop_front()) {
        child->parent = init;
        if (init && init != me) {
            init->children.push_back(*child);
            orphan_zombies |= child->state == State::Zombie;
        }
    }
    if (orphan_zombies) wake_all(init->child_waiters);
    me->state = State::Zombie;
    if (me->parent) wake_all(me->parent->child_waiters);
    if (me == init) {
        klog::info("proc: init (pid 1) ended with status {:#x}", status);
        log_scheduler_stats();
        power::exit_qemu(status == 0 ? EXIT_CODE_PASS : EXIT_CODE_FAIL);
    }
    lock.unlock_irqs_off();
    schedule_dead();
}
//! [exit]

//! [wait]
Result<WaitResult> wait(pid_t pid, int options) {
    constexpr u32 known = WNOHANG | WUNTRACED | WCONTINUED | WNOTHREAD | WALL | WCLONE;
    if (u32(options) & ~known) return Error(EINVAL);
    if (pid == INT32_MIN) return Error(ESRCH);
    Task* me = current();
    SpinLock& lock = tree_lock();
    IrqState irqs = lock.lock();
    for (;;) {
        bool any = false;
        Task* reaped = nullptr;
        for (Task& child : me->children) {
            if (!matches(*me, child, pid)) continue;
            any = true;
            if (child.state == State::Zombie) {
                reaped = &child;
                break;
            }
        }
        if (reaped) {
            WaitResult r{reaped->tid, reaped->exit_status};
            account_reaped(me, reaped);  // times, getrusage(RUSAGE_CHILDREN)
            me->children.remove(*reaped);
            table_remove(reaped);
            lock.unlock(std::move(irqs));
            release(reaped);  // outside the lock: freeing the stack shoots down TLBs
            return r;
        }
        int error = !any ? ECHILD : (options & WNOHANG) ? 0 : must_die() ? EINTR : -1;
        if (error >= 0) {
            lock.unlock(std::move(irqs));
            if (error) return Error(error);
            return WaitResult{};
        }
        sleep_on(me->child_waiters, lock);
    }
}
//! [wait]

// LAB_FALLBACK
// [[noreturn]] void exit(int status) { panic("TODO(lab 03-processes): exit with status {:#x}", status); }
//
// Result<WaitResult> wait(pid_t, int) { return Error(ECHILD); }
// LAB_END

}  // namespace proc
