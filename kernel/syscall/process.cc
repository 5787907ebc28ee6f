// kernel/syscall/process.cc — fork, vfork, execve, exit, exit_group, wait4, kill and friends.
#include "exec/execve.hh"
#include "lib/string.hh"
#include "proc/process.hh"
#include "proc/sched.hh"
#include "proc/table.hh"
#include "syscall/handlers.hh"

namespace syscalls {

struct Rusage {  // struct rusage: two timevals and fourteen longs
    u8 bytes[144];
};
namespace {
// The rusage wait4 gives for a child: its CPU time (ru_utime, ru_stime); the other
// fields are 0, as nothing counts them yet.
[[maybe_unused]] Rusage rusage_of(const proc::WaitResult& r) {
    Rusage ru{};
    i64 tv[4] = {i64(r.user_ns / 1000000000), i64(r.user_ns % 1000000000 / 1000),
                 i64(r.system_ns / 1000000000), i64(r.system_ns % 1000000000 / 1000)};
    memcpy(ru.bytes, tv, sizeof tv);
    return ru;
}
}  // namespace

// LAB_BEGIN(03-processes, 3): fork, vfork, clone and execve on top of kernel/proc

Result<u64> sys_fork(arch::TrapFrame& frame) { return static_cast<u64>(TRY(proc::fork(frame))); }

// The TLS base of CLONE_SETTLS is read from the frame (r8) by clone_process.
Result<u64> sys_clone(arch::TrapFrame& frame, u64 flags, vm::UserAddr stack,
                      vm::UserPtr<i32> parent_tid, vm::UserPtr<i32> child_tid, vm::UserAddr) {
    return static_cast<u64>(TRY(proc::clone_process(frame, flags, stack, parent_tid, child_tid)));
}

// vfork(2) is clone(CLONE_VM | CLONE_VFORK | SIGCHLD) on the caller's stack: the parent
// sleeps until the child execs or exits.
Result<u64> sys_vfork(arch::TrapFrame& frame) {
    proc::CloneArgs args;
    args.flags = proc::CLONE_VM | proc::CLONE_VFORK;
    args.exit_signal = proc::SIGCHLD;
    return static_cast<u64>(TRY(proc::clone_task(frame, args)));
}

Result<u64> sys_execve(arch::TrapFrame&, vm::UserPtr<const char> path, exec::UserStrings argv,
                       exec::UserStrings envp) {
    TRY(exec::execve_user(path, argv, envp));
    return 0;  // rax of the new program
}

// LAB_FALLBACK
// LAB_END

// LAB_BEGIN(03-processes, 2): exit and exit_group: end the calling thread or process (proc::exit_thread, proc::exit)
Result<u64> sys_exit(int code) { proc::exit_thread(proc::exit_status_code(code)); }
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
    if (r.pid && !rusage.is_null() && !copied.is_error()) copied = rusage.write(rusage_of(r));
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

// --- lab 04: clone3, waitid, get_robust_list ---

// LAB_BEGIN(04-clone, 2): clone3 (struct clone_args and its size rules), waitid (siginfo) and get_robust_list

// struct clone_args (linux/sched.h): version 0 is 64 bytes, version 2 (cgroup) 88.
struct CloneArgs3 {
    u64 flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls, set_tid,
        set_tid_size, cgroup;
};
constexpr usize CLONE_ARGS_SIZE_VER0 = 64;
constexpr usize PAGE = 4096;
constexpr u64 CLONE_NEWTIME = 0x80;  // clone3 only: in clone's flags it is the exit signal

// clone3(2): the arguments in a struct that may grow. As Linux: a size below version 0's
// is EINVAL, above a page E2BIG, and bytes past the fields Larch knows must be zero (E2BIG).
Result<u64> sys_clone3(arch::TrapFrame& frame, vm::UserPtr<const u8> uargs, usize size) {
    if (size < CLONE_ARGS_SIZE_VER0) return Error(EINVAL);
    if (size > PAGE) return Error(E2BIG);
    CloneArgs3 a{};
    usize known = size < sizeof a ? size : sizeof a;
    TRY(vm::copy_from_user(&a, uargs.address(), known));
    for (usize off = sizeof a; off < size; off += 8) {
        u8 rest[8] = {};
        usize n = size - off < 8 ? size - off : 8;
        TRY(vm::copy_from_user(rest, uargs.address() + off, n));
        for (usize i = 0; i < n; ++i)
            if (rest[i]) return Error(E2BIG);
    }
    constexpr u64 legacy = 0xffffffffull & ~proc::CSIGNAL;
    if (a.flags & ~(legacy | proc::CLONE_CLEAR_SIGHAND | proc::CLONE_INTO_CGROUP))
        return Error(EINVAL);
    if (a.flags & (proc::CLONE_DETACHED | CLONE_NEWTIME))
        return Error(EINVAL);  // no time namespaces
    if ((a.flags & (proc::CLONE_THREAD | proc::CLONE_PARENT)) && a.exit_signal)
        return Error(EINVAL);
    if ((a.exit_signal & ~proc::CSIGNAL) || a.exit_signal > u64(proc::NSIG)) return Error(EINVAL);
    if (a.set_tid_size > 32 || (!a.set_tid && a.set_tid_size)) return Error(EINVAL);
    if (a.set_tid && !a.set_tid_size) return Error(EINVAL);
    if (a.stack ? !a.stack_size || !vm::access_ok(a.stack, a.stack_size) : a.stack_size != 0)
        return Error(EINVAL);
    if ((a.flags & proc::CLONE_INTO_CGROUP) && size < 88) return Error(EINVAL);
    TRY(proc::check_clone_flags(a.flags));
    if (a.set_tid_size) return Error(EPERM);  // choosing pids needs CAP_SYS_ADMIN in its namespace
    proc::CloneArgs args;
    args.flags = a.flags;
    args.exit_signal = int(a.exit_signal);
    args.stack = vm::UserAddr(a.stack ? a.stack + a.stack_size : 0);
    args.parent_tid = vm::UserPtr<i32>(a.parent_tid);
    args.child_tid = vm::UserPtr<i32>(a.child_tid);
    args.tls = a.tls;
    return static_cast<u64>(TRY(proc::clone_task(frame, args)));
}

// The SIGCHLD siginfo waitid fills: only these fields, as Linux writes them.
struct WaitSiginfo {
    i32 signo, errno_, code, pad;
    i32 pid;
    u32 uid;
    i32 status;
};

Result<u64> sys_waitid(int idtype, int id, vm::UserPtr<u8> infop, int options,
                       vm::UserPtr<Rusage> rusage) {
    constexpr u32 known = proc::WNOHANG | proc::WNOWAIT | proc::WEXITED | proc::WSTOPPED |
                          proc::WCONTINUED | proc::WNOTHREAD | proc::WALL | proc::WCLONE;
    if (u32(options) & ~known) return Error(EINVAL);
    if (!(options & (proc::WEXITED | proc::WSTOPPED | proc::WCONTINUED))) return Error(EINVAL);
    proc::WaitRequest req;
    req.idtype = idtype;
    req.options = options;
    switch (idtype) {
    case proc::P_ALL:
        break;
    case proc::P_PID:
    case proc::P_PGID:
        if (id < 0 || (idtype == proc::P_PID && id == 0)) return Error(EINVAL);
        req.id = id;
        break;
    default:  // P_PIDFD: no file descriptors before lab 05
        return Error(EINVAL);
    }
    proc::WaitResult r = TRY(proc::wait_child(req));
    if (!rusage.is_null() && r.pid) TRY(rusage.write(rusage_of(r)));
    if (infop.is_null()) return 0;
    WaitSiginfo si{r.pid ? proc::SIGCHLD : 0, 0, r.code, 0, r.pid, r.uid, r.si_status};
    TRY(vm::copy_to_user(infop.address(), &si.signo, 12));     // signo, errno, code
    TRY(vm::copy_to_user(infop.address() + 16, &si.pid, 12));  // pid, uid, status
    return 0;
}

Result<u64> sys_get_robust_list(int pid, vm::UserPtr<u64> head, vm::UserPtr<usize> len) {
    proc::Task* me = proc::current();
    u64 h = 0;
    if (pid != 0 && pid != me->tid) {
        // Another thread's: only ESRCH is told apart (no ptrace permission checks yet).
        SpinLockGuard g(proc::tree_lock());
        proc::Task* t = proc::table_find(pid);
        if (!t || t->exited) return Error(ESRCH);
        h = t->robust_list.address();
    } else {
        h = me->robust_list.address();
    }
    TRY(len.write(24));
    TRY(head.write(h));
    return 0;
}
// LAB_FALLBACK
// LAB_END

}  // namespace syscalls
