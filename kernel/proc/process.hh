// kernel/proc/process.hh — the life of a process: clone, exit, wait, kill, signals by default.
//
// Wait statuses use Linux's encoding (what WIFEXITED and friends decode):
//   exited with code c       (c & 0xff) << 8
//   killed by signal s       s            (| 0x80 when a core was dumped)
//   stopped by signal s      s << 8 | 0x7f
//   continued                0xffff
#pragma once

#include "arch/x86_64/interrupts.hh"
#include "lib/result.hh"
#include "proc/task.hh"

namespace proc {

constexpr int SIGHUP = 1, SIGINT = 2, SIGQUIT = 3, SIGILL = 4, SIGTRAP = 5, SIGABRT = 6, SIGBUS = 7,
              SIGFPE = 8, SIGKILL = 9, SIGUSR1 = 10, SIGSEGV = 11, SIGUSR2 = 12, SIGPIPE = 13,
              SIGALRM = 14, SIGTERM = 15, SIGCHLD = 17, SIGCONT = 18, SIGSTOP = 19, SIGTSTP = 20,
              SIGTTIN = 21, SIGTTOU = 22, SIGURG = 23, SIGWINCH = 28;
constexpr u64 SIG_DFL = 0, SIG_IGN = 1;

constexpr int WNOHANG = 1, WUNTRACED = 2, WCONTINUED = 8;
constexpr u32 WNOTHREAD = 0x20000000, WALL = 0x40000000, WCLONE = 0x80000000;

constexpr int exit_status_code(int code) { return (code & 0xff) << 8; }
constexpr int signal_status(int signo) { return signo & 0x7f; }
constexpr int stopped_status(int signo) { return (signo & 0xff) << 8 | 0x7f; }
constexpr int CONTINUED_STATUS = 0xffff;

/// The clone flags (Linux's CLONE_*; the low byte of clone's flags is the exit signal).
constexpr u64 CSIGNAL = 0xff, CLONE_VM = 0x100, CLONE_FS = 0x200, CLONE_FILES = 0x400,
              CLONE_SIGHAND = 0x800, CLONE_PIDFD = 0x1000, CLONE_PTRACE = 0x2000,
              CLONE_VFORK = 0x4000, CLONE_PARENT = 0x8000, CLONE_THREAD = 0x10000,
              CLONE_NEWNS = 0x20000, CLONE_SYSVSEM = 0x40000, CLONE_SETTLS = 0x80000,
              CLONE_PARENT_SETTID = 0x100000, CLONE_CHILD_CLEARTID = 0x200000,
              CLONE_DETACHED = 0x400000, CLONE_UNTRACED = 0x800000, CLONE_CHILD_SETTID = 0x1000000,
              CLONE_NEWCGROUP = 0x2000000, CLONE_NEWUTS = 0x4000000, CLONE_NEWIPC = 0x8000000,
              CLONE_NEWUSER = 0x10000000, CLONE_NEWPID = 0x20000000, CLONE_NEWNET = 0x40000000,
              CLONE_IO = 0x80000000, CLONE_CLEAR_SIGHAND = 0x100000000ull,
              CLONE_INTO_CGROUP = 0x200000000ull;

/// What clone(2) and clone3(2) ask for, decoded: struct clone_args without what Larch
/// refuses earlier (pidfd, set_tid, cgroup).
struct CloneArgs {
    u64 flags = 0;                ///< CLONE_* bits, without the exit signal
    int exit_signal = 0;          ///< sent to the parent when the child's process ends
    vm::UserAddr stack;           ///< the child's stack pointer (null: the caller's)
    vm::UserPtr<i32> parent_tid;  ///< CLONE_PARENT_SETTID
    vm::UserPtr<i32> child_tid;   ///< CLONE_CHILD_SETTID, CLONE_CHILD_CLEARTID
    u64 tls = 0;                  ///< CLONE_SETTLS: the child's FS base
};

/// Linux's rules for clone flags that go together (EINVAL): CLONE_THREAD needs
/// CLONE_SIGHAND, which needs CLONE_VM; CLONE_FS excludes new mount and user namespaces;
/// CLONE_PARENT is refused to init; namespaces are not supported.
Result<void> check_clone_flags(u64 flags);

/// clone(2) and clone3(2): a new task running a copy of the caller's user registers
/// @p frame with rax = 0, on @p args.stack when given. Without CLONE_THREAD it starts a
/// process (its own thread group); CLONE_VM shares the address space instead of a
/// copy-on-write copy; CLONE_VFORK blocks the caller until the child execs or exits.
/// Returns the child's tid. EINVAL (flags), EPERM (a TLS base outside user space),
/// ENOMEM, EAGAIN, EINTR (the caller's process is ending).
Result<pid_t> clone_task(const arch::TrapFrame& frame, const CloneArgs& args);

/// fork(2): clone_task with SIGCHLD and nothing shared.
Result<pid_t> fork(const arch::TrapFrame& frame);

/// clone(2) as its system call passes it (the TLS base in r8 of @p frame).
Result<pid_t> clone_process(const arch::TrapFrame& frame, u64 flags, vm::UserAddr stack,
                            vm::UserPtr<i32> parent_tid, vm::UserPtr<i32> child_tid);

/// exit_group(2), and the end of a process by a fatal signal: ends every thread of the
/// caller's process with wait status @p status (the first such status wins). When the
/// last thread has ended, the process is a zombie for its parent to reap; its children
/// go to init. PID 1's end ends the machine (EXIT_CODE_PASS for status 0, else
/// EXIT_CODE_FAIL).
[[noreturn]] void exit(int status);

/// exit(2): ends the calling thread only, with wait status @p status (the process's
/// status if it is the last thread and no exit_group came). Its CHILD_CLEARTID word is
/// cleared and woken, its robust futexes are marked FUTEX_OWNER_DIED.
[[noreturn]] void exit_thread(int status);

/// The options of wait4(2) and waitid(2).
constexpr int WSTOPPED = 2, WEXITED = 4, WNOWAIT = 0x01000000;
/// waitid's idtype.
constexpr int P_ALL = 0, P_PID = 1, P_PGID = 2, P_PIDFD = 3;
/// si_code of a SIGCHLD siginfo: CLD_EXITED and the others, in proc/signal.hh.

/// Which children a wait is for, and what it reports (waitid's terms).
struct WaitRequest {
    int idtype = P_ALL;  ///< P_ALL, P_PID or P_PGID
    pid_t id = 0;        ///< the pid or process group
    int options = 0;     ///< WEXITED, WSTOPPED, WCONTINUED, WNOHANG, WNOWAIT, __W*
};

/// A child's change of state: its pid (0 with WNOHANG when none is ready), its wait4
/// status, and waitid's si_code, si_status and si_uid.
struct WaitResult {
    pid_t pid = 0;
    int status = 0;
    int code = 0;
    int si_status = 0;
    u32 uid = 0;
    /// A reaped child's CPU time, its reaped descendants' included (wait4's rusage).
    u64 user_ns = 0, system_ns = 0;
};

/// waitid(2) without the user copies: reaps (unless WNOWAIT) or reports one child
/// process that exited, stopped or continued. A thread waits for the children of every
/// thread of its process unless __WNOTHREAD; for children whose exit signal is SIGCHLD
/// only, those with another only (__WCLONE) or both (__WALL). Stops and continues are
/// what report_stopped / report_continued (thread_group.hh) recorded. ECHILD, EINTR.
Result<WaitResult> wait_child(const WaitRequest& req);

/// wait4(2) without the user copies. EINVAL (options), ECHILD, EINTR.
Result<WaitResult> wait(pid_t pid, int options);

/// kill(2): @p signo to process @p pid, to a process group (0: the caller's, < -1:
/// -pid's) or to every process but init (-1). ESRCH, EINVAL.
Result<void> kill(pid_t pid, int signo);

/// True when the calling task has a signal to take (its sleep must end): EINTR or a
/// restart code (proc/signal.hh).
bool must_die();
/// Takes the calling task's pending signals on its way back to user mode: default
/// actions, handler frames, system call restarts (proc/signal_deliver.cc).
void handle_pending_signals();

/// Routes an exception raised in user mode to the signal Linux sends for it, which is
/// queued (forced: a handler may catch it) and taken at once (proc/signal_fault.cc).
/// Returns false for an exception it does not handle (the caller reports it).
bool user_exception(arch::TrapFrame& frame);

}  // namespace proc
