// kernel/syscall/process.cc — fork, vfork, execve, exit, exit_group, wait4, kill and friends.
#include "exec/execve.hh"
#include "lib/string.hh"
#include "proc/process.hh"
#include "proc/sched.hh"
#include "syscall/handlers.hh"

namespace syscalls {
// LAB_BEGIN(03-processes, 3): fork, vfork, clone and execve on top of kernel/proc

Result<u64> sys_fork(arch::TrapFrame& frame) { return static_cast<u64>(TRY(proc::fork(frame))); }

Result<u64> sys_clone(arch::TrapFrame& frame, u64 flags, u64 stack, u64 parent_tid, u64 child_tid,
                      u64) {
    return static_cast<u64>(TRY(proc::clone_process(frame, flags, stack, parent_tid, child_tid)));
}

// vfork behaves as fork until lab 04 (the child gets its own copy-on-write space, so
// the parent need not wait).
Result<u64> sys_vfork(arch::TrapFrame& frame) { return sys_fork(frame); }

Result<u64> sys_execve(arch::TrapFrame&, u64 path, u64 argv, u64 envp) {
    TRY(exec::execve_user(path, argv, envp));
    return 0;  // rax of the new program
}

// LAB_FALLBACK
// LAB_END

// LAB_BEGIN(03-processes, 2): exit and exit_group: end the calling process (proc::exit)
Result<u64> sys_exit(int code) { proc::exit(proc::exit_status_code(code)); }
Result<u64> sys_exit_group(int code) { proc::exit(proc::exit_status_code(code)); }
// LAB_FALLBACK
// LAB_END

// LAB_BEGIN(03-processes, 3): wait4, kill, sched_yield, set_tid_address, set_robust_list and rseq

//! [sys_wait4]
Result<u64> sys_wait4(int pid, vm::UserPtr<int> status, int options, u64 rusage) {
    proc::WaitResult r = TRY(proc::wait(pid, options));
    // The child is reaped even when the copies fail (as Linux does): EFAULT all the same.
    Result<void> copied;
    if (r.pid && !status.is_null()) copied = status.write(r.status);
    if (r.pid && rusage && !copied.is_error()) {
        u8 zero[144] = {};  // struct rusage: no accounting yet
        copied = vm::copy_to_user(rusage, zero, sizeof zero);
    }
    TRY(std::move(copied));
    return static_cast<u64>(r.pid);
}
//! [sys_wait4]

Result<u64> sys_kill(int pid, int sig) {
    TRY(proc::kill(pid, sig));
    return 0;
}

Result<u64> sys_sched_yield() {
    proc::yield();
    return 0;
}

Result<u64> sys_set_tid_address(u64 tidptr) {
    proc::Task* t = proc::current();
    t->clear_child_tid = tidptr;
    return static_cast<u64>(t->tid);
}

Result<u64> sys_set_robust_list(u64 head, u64 len) {
    if (len != 24) return Error(EINVAL);  // sizeof(struct robust_list_head)
    proc::Task* t = proc::current();
    t->robust_list = head;
    t->robust_len = len;
    return 0;
}

// Restartable sequences are not supported: ENOSYS, which both libcs accept (glibc then
// leaves __rseq_size at 0, musl never registers).
Result<u64> sys_rseq(u64, u32, int, u32) { return Error(ENOSYS); }
// LAB_FALLBACK
// LAB_END

}  // namespace syscalls
