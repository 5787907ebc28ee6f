// kernel/syscall/signal.cc — the signal system calls: actions, masks, frames, waiting, sending.
//
// The state they change is described in proc/signal.hh; delivery is
// proc/signal_deliver.cc, the frame proc/sigframe.cc. The errno orders follow Linux's:
// sizes and signal numbers first, then the copies from user memory, then the work, and
// copies out last (so a bad output pointer leaves the work done and returns EFAULT).
#include "lib/string.hh"
#include "drivers/timer/clock.hh"
#include "proc/process.hh"
#include "proc/sched.hh"
#include "proc/sigframe.hh"
#include "proc/table.hh"
#include "syscall/handlers.hh"

namespace syscalls {

struct StackT {  // stack_t
    u64 sp;
    i32 flags;
    i32 pad;
    u64 size;
};

struct Timespec {  // struct timespec (as in time.cc)
    i64 sec;
    i64 nsec;
};

namespace {

enum : int { SIG_BLOCK = 0, SIG_UNBLOCK = 1, SIG_SETMASK = 2 };

constexpr u64 NS = 1000000000ull;

// Sleeps until the calling task has a signal to take (or @p deadline_ns passes, if not
// 0); true when a signal came.
bool wait_for_signal(u64 deadline_ns) {
    proc::Task* t = proc::current();
    SpinLock& lock = t->sig.handlers->lock;
    IrqState irqs = lock.lock();
    bool got;
    for (;;) {
        got = proc::signal_pending_locked(t);
        if (got || (deadline_ns && ktime::now_ns() >= deadline_ns)) break;
        proc::WaitQueue wq;
        proc::sleep_on_until(wq, lock, deadline_ns);
    }
    lock.unlock(std::move(irqs));
    return got;
}

}  // namespace

// LAB_BEGIN(03-processes, 3): rt_sigaction and rt_sigprocmask: record the actions and the mask in the task
Result<u64> sys_rt_sigaction(int sig, vm::UserPtr<const proc::SigAction> act,
                             vm::UserPtr<proc::SigAction> oldact, usize sigsetsize) {
    if (sigsetsize != 8) return Error(EINVAL);
    if (sig < 1 || sig > proc::NSIG) return Error(EINVAL);
    if (!act.is_null() && (sig == proc::SIGKILL || sig == proc::SIGSTOP)) return Error(EINVAL);
    proc::SigAction next;
    if (!act.is_null()) next = TRY(act.read());
    // As Linux: the new action is installed before the old one is written out, so a
    // bad @p oldact gives EFAULT with the new action in place.
    proc::SigAction old = proc::set_action(sig, act.is_null() ? nullptr : &next);
    if (!oldact.is_null()) TRY(oldact.write(old));
    return 0;
}

Result<u64> sys_rt_sigprocmask(int how, vm::UserPtr<const u64> set, vm::UserPtr<u64> oldset,
                               usize sigsetsize) {
    if (sigsetsize != 8) return Error(EINVAL);
    proc::Task* t = proc::current();
    u64 old = t->sig.blocked;
    if (!set.is_null()) {
        u64 mask = TRY(set.read());
        if (how != SIG_BLOCK && how != SIG_UNBLOCK && how != SIG_SETMASK) return Error(EINVAL);
        proc::set_blocked(how == SIG_BLOCK ? old | mask : how == SIG_UNBLOCK ? old & ~mask : mask);
    }
    if (!oldset.is_null()) TRY(oldset.write(old));
    return 0;
}
// LAB_FALLBACK
// LAB_END

//! [sys_rt_sigreturn]
Result<u64> sys_rt_sigreturn(arch::TrapFrame& frame) {
    // A frame it refuses: SIGSEGV (caught only by a handler on a stack that works).
    if (proc::restore_rt_frame(frame).is_error()) proc::force_signal(proc::SIGSEGV);
    return frame.rax;  // the restored rax: what the interrupted code sees
}
//! [sys_rt_sigreturn]

Result<u64> sys_sigaltstack(arch::TrapFrame& frame, vm::UserPtr<const StackT> ss,
                            vm::UserPtr<StackT> old_ss) {
    proc::AltStack next, old;
    if (!ss.is_null()) {
        StackT s = TRY(ss.read());
        next = proc::AltStack{s.sp, u32(s.flags), s.size};
    }
    TRY(proc::do_sigaltstack(ss.is_null() ? nullptr : &next, &old, frame.rsp));
    if (!old_ss.is_null()) TRY(old_ss.write(StackT{old.sp, i32(old.flags), 0, old.size}));
    return 0;
}

Result<u64> sys_rt_sigpending(vm::UserPtr<u64> set, usize sigsetsize) {
    if (sigsetsize > 8) return Error(EINVAL);
    u64 pending = proc::pending_set();
    TRY(vm::copy_to_user(set.address(), &pending, sigsetsize));
    return 0;
}

Result<u64> sys_rt_sigsuspend(vm::UserPtr<const u64> mask, usize sigsetsize) {
    if (sigsetsize != 8) return Error(EINVAL);
    u64 m = TRY(mask.read());
    proc::Task* t = proc::current();
    t->sig.saved_mask = t->sig.blocked;
    t->sig.restore_mask = true;  // put back after the handler's frame is built
    proc::set_blocked(m);
    wait_for_signal(0);
    return Error(proc::ERESTARTNOHAND);
}

Result<u64> sys_pause() {
    wait_for_signal(0);
    return Error(proc::ERESTARTNOHAND);
}

Result<u64> sys_rt_sigtimedwait(vm::UserPtr<const u64> uset, vm::UserPtr<proc::SigInfo> uinfo,
                                vm::UserPtr<const Timespec> utimeout, usize sigsetsize) {
    if (sigsetsize != 8) return Error(EINVAL);
    u64 set = TRY(uset.read()) & ~proc::UNBLOCKABLE;
    u64 deadline = 0;
    bool poll = false;
    if (!utimeout.is_null()) {
        Timespec ts = TRY(utimeout.read());
        if (ts.sec < 0 || ts.nsec < 0 || ts.nsec >= i64(NS)) return Error(EINVAL);
        u64 sec = u64(ts.sec) > 100ull * NS ? 100ull * NS : u64(ts.sec);
        u64 ns = sec * NS + u64(ts.nsec);
        poll = ns == 0;
        deadline = ktime::now_ns() + ns;
    }
    proc::SigInfo info;
    int sig = proc::dequeue_signal_current(set, info);
    if (!sig && !poll) {
        // The waited-for signals are unblocked while it sleeps, so that they wake it.
        proc::Task* t = proc::current();
        u64 real = t->sig.blocked;
        proc::set_blocked_waiting(real & ~set, real);
        wait_for_signal(deadline);
        proc::set_blocked_waiting(real, 0);
        sig = proc::dequeue_signal_current(set, info);
        if (!sig && proc::signal_pending()) return Error(EINTR);
    }
    if (!sig) return Error(EAGAIN);
    if (!uinfo.is_null()) TRY(uinfo.write(info));
    return u64(sig);
}

Result<u64> sys_tgkill(int tgid, int tid, int sig) {
    if (tgid <= 0 || tid <= 0) return Error(EINVAL);
    TRY(proc::send_to_thread(tgid, tid, proc::siginfo_from_current(sig, proc::SI_TKILL)));
    return 0;
}

Result<u64> sys_tkill(int tid, int sig) {
    if (tid <= 0) return Error(EINVAL);
    TRY(proc::send_to_thread(0, tid, proc::siginfo_from_current(sig, proc::SI_TKILL)));
    return 0;
}

namespace {

// What rt_sigqueueinfo and rt_tgsigqueueinfo accept from user space: not a kernel
// code, nor kill's or tkill's (they add the sender), unless sent to oneself.
Result<proc::SigInfo> queued_info(int sig, vm::UserPtr<const proc::SigInfo> uinfo, int target) {
    proc::SigInfo info = TRY(uinfo.read());
    if ((info.code >= 0 || info.code == proc::SI_TKILL) && target != proc::current()->tid)
        return Error(EPERM);
    info.signo = sig;
    return info;
}

}  // namespace

Result<u64> sys_rt_sigqueueinfo(int pid, int sig, vm::UserPtr<const proc::SigInfo> uinfo) {
    proc::SigInfo info = TRY(queued_info(sig, uinfo, pid));
    TRY(proc::send_to_process(pid, info));
    return 0;
}

Result<u64> sys_rt_tgsigqueueinfo(int tgid, int tid, int sig,
                                  vm::UserPtr<const proc::SigInfo> uinfo) {
    if (tgid <= 0 || tid <= 0) return Error(EINVAL);
    proc::SigInfo info = TRY(queued_info(sig, uinfo, tid));
    TRY(proc::send_to_thread(tgid, tid, info));
    return 0;
}

Result<u64> sys_restart_syscall() {
    proc::RestartBlock& rb = proc::current()->sig.restart;
    auto fn = rb.fn;
    rb.fn = nullptr;
    if (!fn) return Error(EINTR);
    return fn(rb);
}

}  // namespace syscalls
