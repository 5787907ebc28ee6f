// kernel/proc/signal_deliver.cc — taking pending signals on the way back to user mode.
//
// handle_pending_signals() runs on every return to ring 3 (the end of a system call,
// an interrupt or exception that came from user mode). It takes the pending signals the
// task does not block, lowest number first (the synchronous fault signals before the
// others), and for each one either
//   - ignores it (SIG_IGN, or a default action of "ignore"),
//   - stops the process (default action of SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU) until a
//     SIGCONT or SIGKILL comes,
//   - ends the process (terminate, or core: the 0x80 bit in the wait status when
//     RLIMIT_CORE allows a dump; Larch writes no core file), or
//   - builds a signal frame (proc/sigframe.cc) so that the task resumes in the handler,
//     with sa_mask and the signal itself blocked; a later signal's frame goes on top,
//     so its handler runs first.
// A system call cut short by a signal returned an ERESTART* code; before the first
// frame is built (or when none is) that code becomes EINTR or a restart: rip goes back
// over the 2-byte `syscall` and rax gets the call number again (orig_rax, which
// syscall_entry.S keeps in the frame's error-code slot).
#include "arch/x86_64/irq.hh"
#include "arch/x86_64/percpu.hh"
#include "lib/log.hh"
#include "proc/process.hh"
#include "proc/sched.hh"
#include "proc/sigframe.hh"
#include "proc/signal_impl.hh"

namespace proc {
namespace {

constexpr u64 NR_RESTART_SYSCALL = 219;
constexpr u64 NO_SYSCALL = ~0ull;

// The system call number of a frame that returns from one, or NO_SYSCALL.
u64 syscall_of(const arch::TrapFrame& f) {
    return f.vector == ~0ull && i64(f.error_code) >= 0 ? f.error_code : NO_SYSCALL;
}

// Linux's restart rules, for a system call that returned ERESTART*, before a handler
// (@p act) runs or, with @p act null, when no handler runs.
void restart(arch::TrapFrame& f, const SigAction* act) {
    u64 nr = syscall_of(f);
    if (nr == NO_SYSCALL) return;
    i64 ret = i64(f.rax);
    bool rewind = false;
    if (act) {
        if (ret == -ERESTART_RESTARTBLOCK || ret == -ERESTARTNOHAND ||
            (ret == -ERESTARTSYS && !(act->flags & SA_RESTART)))
            f.rax = u64(-i64(EINTR));
        else if (ret == -ERESTARTSYS || ret == -ERESTARTNOINTR) rewind = true;
    } else if (ret == -ERESTARTNOHAND || ret == -ERESTARTSYS || ret == -ERESTARTNOINTR) {
        rewind = true;
    } else if (ret == -ERESTART_RESTARTBLOCK) {
        f.rax = NR_RESTART_SYSCALL;
        f.rip -= 2;
    }
    if (rewind) {
        f.rax = nr;
        f.rip -= 2;
    }
    f.error_code = NO_SYSCALL;  // handled once
}

// The process stops (default action of a stop signal): the parent is told, and the
// thread sleeps until SIGCONT or SIGKILL.
void do_stop(Task* t, int sig) {
    SignalHandlers* h = t->sig.handlers;
    SignalGroup* g = t->sig.group;
    bool first = false;
    {
        SpinLockGuard guard(h->lock);
        if (!g->stopped) {
            g->stopped = true;
            g->stop_signal = sig;
            first = true;
        }
    }
    if (first) {
        {
            SpinLockGuard tree(tree_lock());  // the other threads stop too
            for_each_thread(t, [&](Task& x) {
                if (&x != t) wake_task(&x);
            });
        }
        notify_parent_stopped(t, sig);
    }
    SpinLock& lock = h->lock;
    IrqState irqs = lock.lock();
    while (g->stopped && !(t->sig.pending.set & sigmask(SIGKILL))) {
        WaitQueue wq;
        sleep_on(wq, lock);
    }
    lock.unlock(std::move(irqs));
}

[[noreturn]] void die(Task* t, int sig) {
    int status = signal_status(sig);
    if (default_action(sig) == DefaultAction::Core && t->rlimits[4].cur != 0) status |= 0x80;
    if (sig != SIGKILL) klog::info("proc: pid {} ({}) killed by signal {}", t->tid, t->name, sig);
    arch::irq_enable();  // exit frees memory, which may need other CPUs
    exit(status);
}

}  // namespace

//! [deliver_signals]
void deliver_signals(arch::TrapFrame& f) {
    Task* t = current();
    bool irqs = arch::irqs_enabled();
    // Called at the tail of the tick (EOI sent) for user code it interrupted: the work
    // here may sleep (page faults, a stop, exit), so it runs as at a system call's end.
    u32 depth = arch::this_cpu()->irq_depth;
    arch::this_cpu()->irq_depth = 0;
    arch::irq_enable();
    SignalHandlers* h = t->sig.handlers;
    bool framed = false;
    for (;;) {
        SigInfo info;
        SigAction act;
        int sig = 0;
        bool stopped = false, continued = false;
        {
            SpinLockGuard g(h->lock);
            SignalGroup* grp = t->sig.group;
            if (grp->stopped && !(t->sig.pending.set & sigmask(SIGKILL))) {
                stopped = true;
            } else if (grp->notify_continued) {
                grp->notify_continued = false;
                continued = true;
            } else {
                sig = dequeue_signal(t, ~t->sig.blocked | sigmask(SIGKILL), info);
                if (!sig) break;
                act = h->actions[sig - 1];
                if (act.handler > SIG_IGN && (act.flags & SA_RESETHAND))
                    h->actions[sig - 1].handler = SIG_DFL;
            }
        }
        if (stopped) {
            do_stop(t, t->sig.group->stop_signal);
            continue;
        }
        if (continued) {
            notify_parent_continued(t);
            continue;
        }
        if (sig == SIGKILL) die(t, sig);
        if (act.handler == SIG_IGN) continue;
        if (act.handler != SIG_DFL) {
            // LAB_BEGIN(04-clone, 4): a handler runs: restart rules, the frame (SIGSEGV when it cannot be built), then block sa_mask and the signal
            if (!framed) restart(f, &act);
            u64 oldmask = t->sig.restore_mask ? t->sig.saved_mask : t->sig.blocked;
            if (setup_rt_frame(f, sig, act, info, oldmask).is_error()) {
                // No frame: SIGSEGV, which cannot be caught if it was the one delivered.
                if (sig == SIGSEGV) {
                    SpinLockGuard g(h->lock);
                    h->actions[SIGSEGV - 1].handler = SIG_DFL;
                }
                force_signal(SIGSEGV);
                continue;
            }
            framed = true;
            t->sig.restore_mask = false;
            u64 block = act.mask | (act.flags & SA_NODEFER ? 0 : sigmask(sig));
            SpinLockGuard g(h->lock);
            t->sig.blocked = (t->sig.blocked | block) & ~UNBLOCKABLE;
            continue;
            // LAB_FALLBACK
            // continue;
            // LAB_END
        }
        switch (default_action(sig)) {
        case DefaultAction::Ignore:
            continue;
        case DefaultAction::Stop:
            do_stop(t, sig);
            continue;
        case DefaultAction::Terminate:
        case DefaultAction::Core:
            die(t, sig);
        }
    }
    if (!framed) restart(f, nullptr);
    if (t->sig.restore_mask) {  // sigsuspend ended without a handler: its mask goes
        t->sig.restore_mask = false;
        set_blocked(t->sig.saved_mask);
    }
    arch::irq_disable();
    arch::this_cpu()->irq_depth = depth;
    if (irqs) arch::irq_enable();
}
//! [deliver_signals]

void handle_pending_signals() {
    Task* t = current();
    if (!t || t->is_idle || !t->sig.handlers) return;
    arch::TrapFrame* f = t->frame();
    if ((f->cs & 3) != 3) return;
    deliver_signals(*f);
}

}  // namespace proc
