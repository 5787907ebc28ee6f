// kernel/syscall/signal.cc — rt_sigaction and rt_sigprocmask: recorded, not yet delivered.
//
// Lab 03 keeps each task's actions and blocked mask exactly as Linux reports them back
// (fork copies them, execve resets handled signals to SIG_DFL); kill() honours SIG_IGN.
// Running handlers (frames, sigreturn) is lab 04.
#include "proc/process.hh"
#include "proc/table.hh"
#include "syscall/handlers.hh"

// LAB_BEGIN(03-processes, 3): rt_sigaction and rt_sigprocmask: record the actions and the mask in the task
namespace syscalls {
namespace {

constexpr u64 SA_RESTORER = 0x04000000;
constexpr u64 UNBLOCKABLE = (1ull << (proc::SIGKILL - 1)) | (1ull << (proc::SIGSTOP - 1));
enum : int { SIG_BLOCK = 0, SIG_UNBLOCK = 1, SIG_SETMASK = 2 };

}  // namespace

Result<u64> sys_rt_sigaction(int sig, vm::UserPtr<const proc::SigAction> act,
                             vm::UserPtr<proc::SigAction> oldact, usize sigsetsize) {
    if (sigsetsize != 8) return Error(EINVAL);
    if (sig < 1 || sig > proc::NSIG) return Error(EINVAL);
    if (!act.is_null() && (sig == proc::SIGKILL || sig == proc::SIGSTOP)) return Error(EINVAL);
    proc::Task* t = proc::current();
    proc::SigAction next;
    if (!act.is_null()) {
        next = TRY(act.read());
        next.mask &= ~UNBLOCKABLE;
        (void)SA_RESTORER;
    }
    // As Linux: the new action is installed before the old one is written out, so a
    // bad @p oldact gives EFAULT with the new action in place.
    proc::SigAction old;
    {
        SpinLockGuard g(proc::tree_lock());  // kill reads the actions from other tasks
        old = t->actions[sig - 1];
        if (!act.is_null()) t->actions[sig - 1] = next;
    }
    if (!oldact.is_null()) TRY(oldact.write(old));
    return 0;
}

Result<u64> sys_rt_sigprocmask(int how, vm::UserPtr<const u64> set, vm::UserPtr<u64> oldset,
                               usize sigsetsize) {
    if (sigsetsize != 8) return Error(EINVAL);
    proc::Task* t = proc::current();
    u64 mask = 0;
    if (!set.is_null()) {
        if (how != SIG_BLOCK && how != SIG_UNBLOCK && how != SIG_SETMASK) return Error(EINVAL);
        mask = TRY(set.read());
    }
    u64 old = t->blocked;
    if (!oldset.is_null()) TRY(oldset.write(old));
    if (!set.is_null()) {
        u64 next = how == SIG_BLOCK ? old | mask : how == SIG_UNBLOCK ? old & ~mask : mask;
        t->blocked = next & ~UNBLOCKABLE;
    }
    return 0;
}

}  // namespace syscalls
// LAB_FALLBACK
// LAB_END
