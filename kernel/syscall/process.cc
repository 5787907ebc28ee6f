// kernel/syscall/process.cc — fork, vfork, execve, exit, exit_group, wait4, kill and friends.
#include "exec/execve.hh"
#include "lib/string.hh"
#include "proc/process.hh"
#include "proc/sched.hh"
#include "syscall/handlers.hh"

namespace syscalls {
// LAB_BEGIN(03-processes, 3): fork, vfork, clone and execve on top of kernel/proc

struct Rusage {  // struct rusage: two timevals and fourteen longs
    u8 bytes[144];
};

Result<u64> sys_fork(arch::TrapFrame& frame) { return static_cast<u64>(TRY(proc::fork(frame))); }

// The TLS base of CLONE_SETTLS is read from the frame (r8) by clone_process.
Result<u64> sys_clone(arch::TrapFrame& frame, u64 flags, vm::UserAddr stack,
                      vm::UserPtr<i32> parent_tid, vm::UserPtr<i32> child_tid, vm::UserAddr) {
    return static_cast<u64>(TRY(proc::clone_process(frame, flags, stack, parent_tid, child_tid)));
}

// vfork behaves as fork until lab 04 (the child gets its own copy-on-write space, so
// the parent need not wait).
Result<u64> sys_vfork(arch::TrapFrame& frame) { return sys_fork(frame); }

Result<u64> sys_execve(arch::TrapFrame&, vm::UserPtr<const char> path, exec::UserStrings argv,
                       exec::UserStrings envp) {
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
Result<u64> sys_wait4(int pid, vm::UserPtr<int> status, int options, vm::UserPtr<Rusage> rusage) {
    proc::WaitResult r = TRY(proc::wait(pid, options));
    // The child is reaped even when the copies fail (as Linux does): EFAULT all the same.
    Result<void> copied;
    if (r.pid && !status.is_null()) copied = status.write(r.status);
    if (r.pid && !rusage.is_null() && !copied.is_error())
        copied = rusage.write(Rusage{});  // no accounting yet
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

Result<u64> sys_set_tid_address(vm::UserPtr<i32> tidptr) {
    proc::Task* t = proc::current();
    t->clear_child_tid = tidptr;
    return static_cast<u64>(t->tid);
}

Result<u64> sys_set_robust_list(vm::UserAddr head, usize len) {
    if (len != 24) return Error(EINVAL);  // sizeof(struct robust_list_head)
    proc::Task* t = proc::current();
    t->robust_list = head;
    t->robust_len = len;
    return 0;
}

// Restartable sequences are not supported: ENOSYS, which both libcs accept (glibc then
// leaves __rseq_size at 0, musl never registers).
Result<u64> sys_rseq(vm::UserAddr, u32, int, u32) { return Error(ENOSYS); }
// LAB_FALLBACK
// LAB_END

}  // namespace syscalls
