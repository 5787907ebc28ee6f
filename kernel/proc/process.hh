// kernel/proc/process.hh — the life of a process: fork, exit, wait4, kill, signals by default.
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

/// fork(2): a copy of the calling task whose user registers are @p frame (its syscall
/// frame), with a copy-on-write copy of its address space; returns the child's pid.
/// The child returns 0 from the same system call. ENOMEM, EAGAIN.
Result<pid_t> fork(const arch::TrapFrame& frame);

/// clone(2) with the flags a fork needs (glibc's fork() is clone(CLONE_CHILD_SETTID |
/// CLONE_CHILD_CLEARTID | SIGCHLD)); threads and shared resources are lab 04 (EINVAL).
Result<pid_t> clone_process(const arch::TrapFrame& frame, u64 flags, vm::UserAddr stack,
                            vm::UserPtr<i32> parent_tid, vm::UserPtr<i32> child_tid);

/// Ends the calling task with wait status @p status: frees its address space, gives
/// its children to init, becomes a zombie for its parent to reap. PID 1's end ends the
/// machine (EXIT_CODE_PASS for status 0, else EXIT_CODE_FAIL).
[[noreturn]] void exit(int status);

/// wait4(2) without the user copies: the pid reaped (0 with WNOHANG when none is
/// ready) and its status. ECHILD, EINVAL, EINTR.
struct WaitResult {
    pid_t pid = 0;
    int status = 0;
};
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
