// kernel/proc/signal.hh — POSIX signals: dispositions, masks, pending sets and delivery.
//
// A task's signal state has three parts, each in the place Linux keeps it:
//   SignalHandlers  the 64 actions and the lock of everything below (Linux's sighand),
//                   reference-counted: clone(CLONE_SIGHAND) shares it, fork copies it;
//   SignalGroup     what belongs to the process (thread group): the process-directed
//                   pending set, group stop and continue, the reports for the parent's
//                   wait4, ITIMER_REAL and the POSIX timers; shared under CLONE_THREAD;
//   TaskSignals     each thread's own: blocked mask, thread-directed pending set,
//                   alternate stack, the mask sigsuspend restores, the restart block.
// One lock, SignalHandlers::lock ("siglock"), guards the actions, both pending sets and
// every mask of the tasks that share the handlers (a thread group always does). It is
// taken after the tree lock and before the run-queue locks.
//
// A signal is sent (send_signal) by queueing a SigInfo on a pending set and waking a task
// that does not block it; the task notices on its way back to user mode
// (handle_pending_signals, called on every return to ring 3), where it either takes the
// default action (ignore, terminate, dump core, stop) or builds Linux's rt_sigframe on
// the user stack and enters the handler (proc/sigframe.cc). Standard signals (1-31)
// are pending at most once; real-time signals (32-64) queue one SigInfo per send.
#pragma once

#include <atomic>

#include "lib/list.hh"
#include "lib/result.hh"
#include "lib/spinlock.hh"
#include "lib/types.hh"
#include "proc/wait_queue.hh"

namespace arch {
struct TrapFrame;
}

namespace proc {

struct Task;
using pid_t = i32;

constexpr int SIGRTMIN = 32;
constexpr int SIGSYS = 31, SIGXCPU = 24, SIGXFSZ = 25, SIGVTALRM = 26, SIGPROF = 27;

/// sigaction flags (x86_64).
constexpr u64 SA_NOCLDSTOP = 1, SA_NOCLDWAIT = 2, SA_SIGINFO = 4, SA_RESTORER = 0x04000000,
              SA_ONSTACK = 0x08000000, SA_RESTART = 0x10000000, SA_NODEFER = 0x40000000,
              SA_RESETHAND = 0x80000000;

/// si_code values.
constexpr int SI_USER = 0, SI_KERNEL = 0x80, SI_QUEUE = -1, SI_TIMER = -2, SI_TKILL = -6;
constexpr int CLD_EXITED = 1, CLD_KILLED = 2, CLD_DUMPED = 3, CLD_TRAPPED = 4, CLD_STOPPED = 5,
              CLD_CONTINUED = 6;
constexpr int SEGV_MAPERR = 1, SEGV_ACCERR = 2, BUS_ADRALN = 1, BUS_ADRERR = 2, ILL_ILLOPN = 2,
              TRAP_BRKPT = 1, TRAP_TRACE = 2, FPE_INTDIV = 1, FPE_INTOVF = 2, FPE_FLTDIV = 3,
              FPE_FLTOVF = 4, FPE_FLTUND = 5, FPE_FLTRES = 6, FPE_FLTINV = 7;

/// The kernel-internal "restart me" results of an interrupted system call (never seen by
/// user space: handle_pending_signals turns them into EINTR or a restart).
constexpr int ERESTARTSYS = 512, ERESTARTNOINTR = 513, ERESTARTNOHAND = 514,
              ERESTART_RESTARTBLOCK = 516;

/// sigaltstack flags.
constexpr int SS_ONSTACK = 1, SS_DISABLE = 2;
constexpr u32 SS_AUTODISARM = 1u << 31;

constexpr u64 sigmask(int sig) { return 1ull << (sig - 1); }
/// SIGKILL and SIGSTOP: never blocked, caught or ignored.
constexpr u64 UNBLOCKABLE = sigmask(9) | sigmask(19);

/// Linux's siginfo_t on x86_64 (128 bytes): the fields by the kind of sender.
struct SigInfo {
    i32 signo = 0;
    i32 err = 0;
    i32 code = 0;
    i32 pad = 0;
    union {
        struct {
            i32 pid;
            u32 uid;
            u64 value;  ///< sigqueue's sigval
        } kill;         ///< SI_USER, SI_TKILL, SI_QUEUE
        struct {
            i32 tid;
            i32 overrun;
            u64 value;
        } timer;  ///< SI_TIMER
        struct {
            i32 pid;
            u32 uid;
            i32 status;
            i32 pad;
            i64 utime, stime;
        } chld;  ///< SIGCHLD
        struct {
            u64 addr;
        } fault;  ///< SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP
        u8 raw[112] = {};
    };
};
static_assert(sizeof(SigInfo) == 128);

/// One queued signal.
struct SigQueued {
    ListNode node;
    SigInfo info;
};

/// A set of pending signals: the bit set, and the queued SigInfos (one per standard
/// signal at most, any number per real-time signal, in sending order).
struct SigPending {
    u64 set = 0;
    IntrusiveList<SigQueued, &SigQueued::node> queue;
};

/// A signal action as rt_sigaction(2) passes it (struct kernel_sigaction on x86_64).
struct SigAction {
    u64 handler = 0;  ///< SIG_DFL (0), SIG_IGN (1) or a user address
    u64 flags = 0;
    u64 restorer = 0;
    u64 mask = 0;
};

/// The dispositions, shared under CLONE_SIGHAND; its lock guards all signal state of
/// the tasks that use it.
struct SignalHandlers {
    SpinLock lock{"siglock", lock_rank::SIGNAL};
    std::atomic<u32> refs{1};
    SigAction actions[64];
};

/// What the parent's wait4 is told about a stop or continue (recorded in its thread
/// group: proc/thread_group.hh's report_stopped/report_continued).
enum class StopReport : u8 { None, Stopped, Continued };

struct PosixTimer;

/// The process's signal state, shared by its threads (CLONE_THREAD).
struct SignalGroup {
    std::atomic<u32> refs{1};
    std::atomic<u32> live{1};       ///< threads that have not exited
    SigPending shared;              ///< process-directed pending signals (siglock)
    bool stopped = false;           ///< a group stop is in force (siglock)
    int stop_signal = 0;            ///< the signal that stopped it (siglock)
    bool notify_continued = false;  ///< SIGCONT came: tell the parent (siglock)
    // --- the timers' lock (proc/signal_timer.cc) ---
    PosixTimer* timers = nullptr;  ///< timer_create's, ITIMER_REAL is id -1
    /// ITIMER_VIRTUAL and ITIMER_PROF: value and interval (ns), the process's own, read
    /// and written with atomic builtins only (proc/cpu_itimer.cc: no lock).
    u64 cpu_itimer[2][2] = {};
};

/// sigaltstack's stack.
struct AltStack {
    u64 sp = 0;
    u32 flags = SS_DISABLE;
    u64 size = 0;
};

/// How restart_syscall(2) resumes a system call cut short by a stop or an ignored
/// signal after it returned ERESTART_RESTARTBLOCK (nanosleep's remaining time).
struct RestartBlock {
    Result<u64> (*fn)(RestartBlock&) = nullptr;
    u64 arg[4] = {};
};

/// One thread's signal state (in Task).
struct TaskSignals {
    SignalHandlers* handlers = nullptr;
    SignalGroup* group = nullptr;
    SigPending pending;  ///< thread-directed (siglock)
    u64 blocked = 0;     ///< (siglock for other tasks' reads; written by the task)
    u64 saved_mask = 0;  ///< sigsuspend's mask to put back once a handler frame is built
    /// rt_sigtimedwait's mask from before it unblocked the signals it waits for: a signal
    /// in it is not ignored (Linux's real_blocked), so a SIGCHLD waited for arrives.
    u64 real_blocked = 0;
    bool restore_mask = false;
    AltStack altstack;
    RestartBlock restart;
    /// A forced fault's trap number, error code and cr2 for the next frame's sigcontext.
    u64 trap_nr = 0, error_code = 0, cr2 = 0;
    /// CPU timers (ITIMER_VIRTUAL, ITIMER_PROF: bits 0, 1) that this thread's time made
    /// expire; their signals go out on its way back to user mode (proc/cpu_itimer.hh).
    std::atomic<u32> itimers_fired{0};
};

/// What a signal does when its action is SIG_DFL.
enum class DefaultAction : u8 { Terminate, Core, Ignore, Stop };
DefaultAction default_action(int sig);

// --- life cycle (fork, clone, execve, exit) ---

/// Fresh signal state for a new task (task_alloc): default actions, nothing pending,
/// nothing blocked. ENOMEM.
Result<void> signal_task_init(Task* t);
/// Drops @p t's signal state (task_free).
void signal_task_free(Task* t);
/// clone(CLONE_SIGHAND): @p child uses @p parent's handlers.
void signal_handlers_share(Task* child, Task* parent);
/// fork: @p child gets a copy of @p parent's handlers. ENOMEM.
Result<void> signal_handlers_copy(Task* child, Task* parent);
/// clone(CLONE_THREAD): @p child joins @p parent's thread group's signal state.
void signal_group_share(Task* child, Task* parent);
/// fork and clone: what a new thread inherits from its creator: the blocked mask (and
/// the alternate stack, unless it shares the address space: Linux's rule).
void signal_inherit(Task* child, Task* parent, bool shares_vm);
/// execve: handled signals go back to SIG_DFL (SIG_IGN stays), the alternate stack is
/// cleared, a shared handler table is unshared. ENOMEM.
Result<void> signal_exec(Task* t);
/// The calling task exits: its thread-directed pending signals are dropped, and the
/// process's too when it is the last thread.
void signal_exit(Task* t);

// --- sending ---

/// Queues @p info (its signo set) for @p t, thread-directed, or for its whole process
/// when @p group; applies SIGCONT/stop side effects and wakes a task that can take it.
/// Returns EAGAIN when a real-time signal cannot be queued. Caller holds tree_lock()
/// (which keeps @p t and its threads alive), not the siglock.
Result<void> send_signal(Task* t, const SigInfo& info, bool group);
/// Makes thread @p t die: SIGKILL pending in it alone, and a wake-up (exit_group and
/// execve end the other threads of a process this way). Tree lock held.
void signal_kill_thread(Task* t);
/// A SigInfo for a signal sent by the calling task with @p code (SI_USER, SI_TKILL).
SigInfo siginfo_from_current(int sig, int code);
/// Sends @p sig to @p t's process as kill(2) does from the kernel (SI_KERNEL).
void send_kernel_signal(Task* t, int sig);
/// A synchronous fault: @p info is delivered to the calling task even when it blocks
/// or ignores that signal; then the task dies by it (Linux's force_sig).
void force_signal(const SigInfo& info);
/// force_signal of @p sig with SI_KERNEL.
void force_signal(int sig);

/// tgkill(2)/tkill(2) and rt_tgsigqueueinfo: to thread @p tid (of @p tgid when > 0).
/// ESRCH, EINVAL, EPERM, EAGAIN.
Result<void> send_to_thread(pid_t tgid, pid_t tid, const SigInfo& info);
/// rt_sigqueueinfo and kill(pid > 0): to process @p pid. ESRCH, EAGAIN.
Result<void> send_to_process(pid_t pid, const SigInfo& info);

// --- the receiving side ---

/// True when the calling task has a signal it does not block (or a fatal one) waiting:
/// a sleep must end (EINTR or a restart code).
bool signal_pending();
/// signal_pending() for @p t with its siglock held.
bool signal_pending_locked(Task* t);
/// signal_pending() for @p t without its siglock (the run-queue lock's order makes a
/// signal queued before a wake-up visible): for sleep_on_until's last check.
bool signal_maybe_pending(Task* t);
/// The queue signalfd readers and pollers wait on, and its lock (taken inside any
/// siglock): woken whenever a signal is queued for anyone, after which each looks at
/// its own pending sets again.
WaitQueue& signalfd_queue();
SpinLock& signalfd_queue_lock();
/// rt_sigaction's work: the old action of @p sig, and @p act (if not null) installed; a
/// signal whose new action ignores it is dropped from every pending set.
SigAction set_action(int sig, const SigAction* act);
/// dequeue_signal for the calling task, taking its siglock.
int dequeue_signal_current(u64 wanted, SigInfo& out);
/// rt_sigtimedwait: the calling thread's mask @p mask while it waits, and the mask it
/// had before (@p real_blocked, 0 once it is back): those signals are not ignored.
void set_blocked_waiting(u64 mask, u64 real_blocked);
/// Takes the lowest pending signal in @p wanted (thread set first, then the process's)
/// into @p out; siglock held. 0 when none.
int dequeue_signal(Task* t, u64 wanted, SigInfo& out);
/// Sets the calling thread's blocked mask (SIGKILL/SIGSTOP dropped) and, for a signal it
/// unblocks that its process has pending, wakes another thread that can take it.
void set_blocked(u64 mask);
/// The calling task's pending set (thread | process).
u64 pending_set();

/// Before going back to user mode with registers @p frame: takes every signal that is
/// pending and not blocked, in order, and handles it (default action, or a frame for
/// the handler); for a system call frame, turns an ERESTART* result into EINTR or a
/// restart. Enables interrupts while it works and restores their state.
void deliver_signals(arch::TrapFrame& frame);

/// Deletes the process's timers (ITIMER_REAL and the POSIX ones) as it ends
/// (proc/signal_timer.cc).
void signal_timers_release(SignalGroup* group);

// --- stop and continue for the parent's wait4 ---

/// The calling task's process stopped by @p sig / continued: recorded for the parent's
/// wait4 (thread_group.hh), which is woken, and SIGCHLD sent (unless SA_NOCLDSTOP).
/// Tree lock not held.
void notify_parent_stopped(Task* t, int sig);
void notify_parent_continued(Task* t);
/// @p t has just become a zombie with wait status @p status: SIGCHLD to its parent (with
/// CLD_EXITED/KILLED/DUMPED). Returns true when the parent ignores SIGCHLD or set
/// SA_NOCLDWAIT (for a child whose exit signal is SIGCHLD): then nobody reaps it by
/// wait4 (the caller frees it). Sends the child's exit signal (clone's choice; none for
/// 0). Tree lock held.
bool notify_parent_exit(Task* t, int status);

}  // namespace proc
