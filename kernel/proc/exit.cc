// kernel/proc/exit.cc — ending threads and processes, and reaping them: exit, exit_group,
// wait4, waitid, zombies (process.hh).
//
// A thread that ends gives its address space reference back at once. If other threads
// of its process still run, it is done: a thread other than the leader is freed once it
// is off its CPU, the leader stays as a zombie. The last thread to end makes the process
// a zombie for its parent, which reaps it with wait4 or waitid, where the exit status is
// read; the leader's task (its kernel stack in particular) lives until then. A parent
// that exits first hands its children to another thread of its process, or to init
// (PID 1), which reaps them.
#include "arch/x86_64/cpu.hh"
#include "arch/x86_64/irq.hh"
#include "drivers/power.hh"
#include "drivers/tty/tty.hh"
#include "fs/task_files.hh"
#include "lib/exit_codes.h"
#include "lib/log.hh"
#include "proc/futex.hh"
#include "proc/cputime.hh"
#include "proc/init.hh"
#include "proc/job_control.hh"
#include "proc/process.hh"
#include "proc/sched.hh"
#include "proc/table.hh"
#include "proc/thread_group.hh"
#include "vm/address_space.hh"

namespace proc {
// LAB_BEGIN(03-processes, 2): exit (zombie, orphans to init, wake the parent) and wait (reap a zombie child)
namespace {

// Frees a reaped zombie once it is off its CPU for good.
void release(Task* t) {
    while (t->on_cpu.load(std::memory_order_acquire)) arch::cpu_relax();
    group_put(t);
    task_free(t);
}

// The process of @p leader now has @p parent (tree lock held): every thread reports there.
void set_parent(Task* leader, Task* parent) {
    for (Task& t : leader->group->threads) t.parent = parent;
    leader->parent = parent;
}

// Whether the process led by @p leader has ended and waits to be reaped.
bool reapable(const Task& leader) { return leader.exited && leader.group->live == 0; }

// Gives the children of @p me to another live thread of its process, or to init (tree
// lock held).
void reparent_children(Task* me) {
    Task* heir = nullptr;
    for (Task& t : me->group->threads)
        if (&t != me && !t.exited) heir = &t;
    if (!heir) heir = init_task();
    if (heir == me) heir = nullptr;
    bool zombies = false;
    while (Task* child = me->children.pop_front()) {
        if (!heir) {
            set_parent(child, nullptr);
            continue;
        }
        if (heir->group != me->group) child->exit_signal = SIGCHLD;  // init is not slain
        set_parent(child, heir);
        heir->children.push_back(*child);
        zombies |= reapable(*child);
    }
    if (zombies) wake_all(heir->group->child_waiters);
}

// The process of @p g has ended, the last thread with @p last_status (tree lock held): its
// status is exit_group's, else that of its last thread (as Linux since 5.17), and the
// parent hears of it, or reaps it at once when it ignores SIGCHLD.
void process_ended(ThreadGroup* g, int last_status) {
    Task* leader = g->leader;
    leader->exit_status = g->exiting ? g->exit_status : last_status;
    Task* parent = leader->parent;
    if (!parent) return;
    // SIGCHLD (or the exit signal clone chose) goes to the parent, which reaps the child
    // at once when it ignores SIGCHLD or set SA_NOCLDWAIT.
    if (notify_parent_exit(leader, leader->exit_status)) {
        parent->children.remove(*leader);  // nobody will wait: gone at once
        table_remove(leader);
        g->threads.remove(*leader);
        free_when_off_cpu(leader);
    }
    wake_all(parent->group->child_waiters);
}

//! [exit]
[[noreturn]] void end_thread(int status, bool whole_group) {
    free_dead_tasks();  // the threads that ended before this one, if they are off their CPU
    Task* me = current();
    ThreadGroup* g = me->group;
    if (whole_group) {
        SpinLockGuard l(tree_lock());
        if (!g->exiting) {
            g->exiting = true;
            g->exit_status = status;
            kill_other_threads(g, me);
        }
    }
    futex::release_at_exit(me);  // CHILD_CLEARTID, robust futexes: user memory, still ours
    vfork_release(me);
    fs::task_files_release(me);  // lab 05: closes its descriptors (pipe ends see EOF)
    if (me->tgid == me->sid && !group_has_other_live(me))
        tty::session_leader_exited(me->sid);  // lab 05: its terminal hangs up
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
    signal_exit(me);
    SpinLock& lock = tree_lock();
    arch::irq_disable();  // for good: this task never runs user code again
    lock.lock_irqs_off();
    me->exit_status = status;
    me->exited = true;
    if (g->live == 1) orphaned_groups_at_exit(me);  // lab 05: job control
    --g->live;
    reparent_children(me);
    if (g->exec_task && g->live == 1) wake_all(g->exec_waiters);
    me->state = State::Zombie;
    if (me != g->leader) {           // nobody waits for a thread: freed once off this CPU
        CpuTimes c = cpu_times(me);  // its time stays the process's
        g->dead_user_ns += c.user_ns;
        g->dead_system_ns += c.system_ns;
        g->threads.remove(*me);
        table_remove(me);
        free_when_off_cpu(me);
    }
    if (g->live == 0) {
        if (g->leader == init_task()) {
            int end = g->exiting ? g->exit_status : status;
            klog::info("proc: init (pid 1) ended with status {:#x}", end);
            log_scheduler_stats();
            power::exit_qemu(end == 0 ? EXIT_CODE_PASS : EXIT_CODE_FAIL);
        }
        process_ended(g, status);
    }
    lock.unlock_irqs_off();
    schedule_dead();
}
//! [exit]

// Whether @p child is one that @p req waits for, by id and by exit signal.
bool eligible(const Task& me, const Task& child, const WaitRequest& req) {
    switch (req.idtype) {
    case P_PID:
        if (child.tid != req.id) return false;
        break;
    case P_PGID:
        if (child.pgid != (req.id ? req.id : me.pgid)) return false;
        break;
    default:
        break;
    }
    if (req.options & int(WALL)) return true;
    bool clone_child = child.exit_signal != SIGCHLD;
    return clone_child == bool(u32(req.options) & WCLONE);
}

// What @p child has to report to @p req (tree lock held): 0 for nothing, else the pid.
// Consumes the report unless WNOWAIT; a reaped child is unlinked and returned in @p reaped.
WaitResult consider(Task& child, const WaitRequest& req, Task*& reaped) {
    ThreadGroup* g = child.group;
    bool keep = req.options & WNOWAIT;
    WaitResult r;
    r.pid = child.tid;
    r.uid = child.cred.uid;
    if (reapable(child) && (req.options & WEXITED)) {
        r.status = child.exit_status;
        int sig = child.exit_status & 0x7f;
        r.code = sig ? ((child.exit_status & 0x80) ? CLD_DUMPED : CLD_KILLED) : CLD_EXITED;
        r.si_status = sig ? sig : (child.exit_status >> 8) & 0xff;
        if (!keep) {
            child.parent->children.remove(child);
            table_remove(&child);
            g->threads.remove(child);
            reaped = &child;
        }
        return r;
    }
    if (g->stop_signal && (req.options & WSTOPPED) && !reapable(child)) {
        r.status = stopped_status(g->stop_signal);
        r.code = CLD_STOPPED;
        r.si_status = g->stop_signal;
        if (!keep) g->stop_signal = 0;
        return r;
    }
    if (g->continued && (req.options & WCONTINUED) && !reapable(child)) {
        r.status = CONTINUED_STATUS;
        r.code = CLD_CONTINUED;
        r.si_status = SIGCONT;
        if (!keep) g->continued = false;
        return r;
    }
    return WaitResult{};
}

}  // namespace

[[noreturn]] void exit(int status) { end_thread(status, true); }
[[noreturn]] void exit_thread(int status) { end_thread(status, false); }

//! [wait]
Result<WaitResult> wait_child(const WaitRequest& req) {
    free_dead_tasks();
    Task* me = current();
    SpinLock& lock = tree_lock();
    IrqState irqs = lock.lock();
    for (;;) {
        bool any = false;
        Task* reaped = nullptr;
        WaitResult found;
        // The children of every thread of the process, or of this one (__WNOTHREAD).
        for (Task& parent : me->group->threads) {
            if ((u32(req.options) & WNOTHREAD) && &parent != me) continue;
            for (Task& child : parent.children) {
                if (!eligible(*me, child, req)) continue;
                any = true;
                found = consider(child, req, reaped);
                if (found.pid) break;
            }
            if (found.pid) break;
        }
        if (found.pid) {
            if (reaped) {
                CpuTimes c = cpu_times(reaped);
                found.user_ns = c.user_ns + reaped->children_utime_ns;
                found.system_ns = c.system_ns + reaped->children_stime_ns;
                account_reaped(me, reaped);  // times, getrusage(RUSAGE_CHILDREN)
            }
            lock.unlock(std::move(irqs));
            if (reaped) release(reaped);  // outside the lock: freeing the stack shoots down TLBs
            return found;
        }
        int error = !any ? ECHILD : (req.options & WNOHANG) ? 0 : must_die() ? ERESTARTSYS : -1;
        if (error >= 0) {
            lock.unlock(std::move(irqs));
            if (error) return Error(error);
            return WaitResult{};
        }
        sleep_on(me->group->child_waiters, lock);
    }
}
//! [wait]

// LAB_FALLBACK
// [[noreturn]] void exit(int status) { panic("TODO(lab 03-processes): exit with status {:#x}", status); }
// [[noreturn]] void exit_thread(int status) { exit(status); }
//
// Result<WaitResult> wait_child(const WaitRequest&) { return Error(ECHILD); }
// LAB_END

Result<WaitResult> wait(pid_t pid, int options) {
    constexpr u32 known = WNOHANG | WUNTRACED | WCONTINUED | WNOTHREAD | WALL | WCLONE;
    if (u32(options) & ~known) return Error(EINVAL);
    if (pid == INT32_MIN) return Error(ESRCH);
    WaitRequest req;
    req.idtype = pid > 0 ? P_PID : pid == -1 ? P_ALL : P_PGID;
    req.id = pid > 0 ? pid : pid == -1 ? 0 : pid == 0 ? current()->pgid : -pid;
    req.options = (options & ~WUNTRACED) | WEXITED | ((options & WUNTRACED) ? WSTOPPED : 0);
    return wait_child(req);
}

}  // namespace proc
