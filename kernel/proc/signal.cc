// kernel/proc/signal.cc — signals before lab 04: kill with default actions, fatal faults.
//
// Lab 03 records handlers (rt_sigaction) but delivers nothing to them: a signal whose
// action is SIG_IGN, or whose default action is to ignore (SIGCHLD, SIGURG, SIGWINCH,
// SIGCONT) or to stop (not modelled yet), is dropped; any other signal without a
// handler ends the target, whose parent then sees WIFSIGNALED with it. The target
// notices on its way back to user mode: at the end of a system call, at a timer tick
// that interrupted user code, or when a sleep it is in is cut short (EINTR).
#include "arch/x86_64/cpu.hh"
#include "arch/x86_64/irq.hh"
#include "arch/x86_64/syscall.hh"
#include "arch/x86_64/traps.hh"
#include "lib/log.hh"
#include "lib/symbols.hh"
#include "proc/current.hh"
#include "proc/process.hh"
#include "proc/sched.hh"
#include "proc/table.hh"

namespace proc {
// LAB_BEGIN(03-processes, 5): kill: find the targets, apply the default action (terminate or ignore), wake them
namespace {

bool default_ignores(int sig) {
    switch (sig) {
    case SIGCHLD:
    case SIGURG:
    case SIGWINCH:
    case SIGCONT:
    case SIGSTOP:
    case SIGTSTP:
    case SIGTTIN:
    case SIGTTOU:  // stop: lab 04
        return true;
    default:
        return false;
    }
}

// Tree lock held.
void send(Task* t, int sig) {
    if (t->state == State::Zombie) return;
    u64 handler = t->actions[sig - 1].handler;
    if (sig != SIGKILL && sig != SIGSTOP) {
        if (handler == SIG_IGN) return;
        if (handler != SIG_DFL) {
            klog::warn("signal: {} to pid {} has a handler; delivery comes in lab 04, dropped", sig,
                       t->tid);
            return;
        }
    }
    if (default_ignores(sig)) return;
    if (!t->fatal_pending.load(std::memory_order_relaxed))
        t->fatal_pending.store(sig, std::memory_order_relaxed);
    wake_task(t);
}

}  // namespace

//! [kill]
Result<void> kill(pid_t pid, int sig) {
    // As Linux: the target is looked up first, so a bad signal number to nobody is
    // ESRCH, and EINVAL only once a target exists. -INT_MIN is no process group.
    bool valid = sig >= 0 && sig <= NSIG;
    if (pid == INT32_MIN) return Error(ESRCH);
    Task* me = current();
    SpinLockGuard g(tree_lock());
    bool found = false;
    if (pid > 0) {
        Task* t = table_find(pid);
        if (!t) return Error(ESRCH);
        if (!valid) return Error(EINVAL);
        found = true;
        if (sig) send(t, sig);
    } else {
        if (!valid) sig = 0;  // look for the targets only
        pid_t group = pid == 0 ? me->pgid : -pid;
        for (Task& t : all_tasks()) {
            if (t.is_idle) continue;
            if (pid == -1 ? (t.tid == 1 || &t == me) : t.pgid != group) continue;
            found = true;
            if (sig) send(&t, sig);
        }
        if (pid == -1 && sig) {  // kill(-1) reaches the caller too
            found = true;
            send(me, sig);
        }
    }
    if (!found) return Error(ESRCH);
    if (!valid) return Error(EINVAL);
    return {};
}
//! [kill]
// LAB_FALLBACK
// Result<void> kill(pid_t, int) { return Error(ESRCH); }
// LAB_END

bool must_die() {
    Task* t = current();
    return t && t->fatal_pending.load(std::memory_order_relaxed);
}

void handle_pending_signals() {
    Task* t = current();
    int sig = t ? t->fatal_pending.load(std::memory_order_relaxed) : 0;
    if (sig) {
        arch::irq_enable();
        exit(signal_status(sig));
    }
}

//! [fatal_signal]
[[noreturn]] void fatal_signal(int signo, vaddr_t address) {
    Task* t = current();
    if (!t || !t->as) panic("fatal_signal({}) at {:#x} outside a user task", signo, address);
    klog::info("proc: pid {} ({}) killed by signal {} (address {:#x})", t->tid, t->name, signo,
               address);
    arch::irq_enable();  // exit frees memory, which may need other CPUs
    exit(signal_status(signo));
}
//! [fatal_signal]

void user_exception(arch::TrapFrame& f) {
    if (!(f.cs & 3)) return;
    int sig;
    switch (f.vector) {
    case 0:
    case 16:
    case 19:
        sig = SIGFPE;
        break;  // #DE, #MF, #XM
    case 1:
    case 3:
        sig = SIGTRAP;
        break;  // #DB, #BP
    case 6:
        sig = SIGILL;
        break;  // #UD
    case 17:
        sig = SIGBUS;
        break;  // #AC
    case 4:
    case 5:
    case 10:
    case 11:
    case 12:
    case 13:
    case 14:
        sig = SIGSEGV;
        break;
    default:
        return;
    }
    Task* t = current();
    klog::info("proc: pid {} ({}): exception {} at rip {:#x}, error {:#x}", t ? t->tid : 0,
               t ? t->name : "?", f.vector, f.rip, f.error_code);
    fatal_signal(sig, f.vector == 14 ? arch::read_cr2() : f.rip);
}

}  // namespace proc
