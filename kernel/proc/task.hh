// kernel/proc/task.hh — a task: one thread of execution with a Linux identity.
//
// A Task is one thread; the threads of a process (tgid) share a ThreadGroup
// (proc/thread_group.hh) and, with CLONE_VM, the address space. Lab 03's processes have
// one thread each (tid == tgid). A task has
//   identity   tid, tgid, parent, pgid, sid, real/effective/saved uid and gid;
//   a kernel stack with an unmapped guard page below it (mm::alloc_kernel_stack); its
//              user registers sit at the top as an arch::TrapFrame while it is in the
//              kernel, and saved_rsp points into it while it is switched out;
//   a user address space (vm::AddressSpace; null for the idle tasks), its FPU state and
//              FS base (thread pointer);
//   a state   (the picture in book/03-processes.md):
//
//        fork ──> Runnable <──── wake ──── Sleeping
//                  │    ▲                     ▲
//          schedule│    │preempt / yield      │ sleep_on (wait4, nanosleep, read)
//                  ▼    │                     │
//                  Running ───────────────────┘
//                     │ exit / fatal signal
//                     ▼
//                   Zombie ── wait4 by the parent ──> freed
//
// Every task is in the global table (proc/table.cc) under the tree lock, which also
// guards parent/children links, states Zombie and exit statuses.
#pragma once

#include <atomic>

#include "arch/x86_64/fpu.hh"
#include "arch/x86_64/interrupts.hh"
#include "lib/list.hh"
#include "lib/types.hh"
#include "mm/vmap.hh"
#include "proc/cred.hh"
#include "proc/signal.hh"
#include "proc/wait_queue.hh"
#include "vm/user_copy.hh"

namespace vm {
class AddressSpace;
}
namespace fs {
class FdTable;
}
namespace vfs {
struct FsContext;
}

namespace proc {

using pid_t = i32;
struct ThreadGroup;
struct VforkDone;

enum class State : u8 { Runnable, Running, Sleeping, Zombie };
const char* state_name(State s);

constexpr int NSIG = 64;          ///< signals 1..64
constexpr int RLIMIT_COUNT = 16;  ///< RLIMIT_CPU .. RLIMIT_RTTIME
constexpr u64 RLIM_INFINITY = ~0ull;
constexpr u64 KERNEL_STACK_PAGES = 4;

struct RLimit {
    u64 cur = RLIM_INFINITY;
    u64 max = RLIM_INFINITY;
};

/// One task. Its fields are grouped by what guards them, as xv6's proc.h does; a field
/// is read or written only as its group says.
struct Task {
    // --- fixed at creation (fork, before the task is in the table), then read-only ---
    pid_t tid = 0;
    pid_t tgid = 0;
    pid_t pgid = 0;  ///< tree_lock(): setpgid and setsid change them
    pid_t sid = 0;
    bool is_idle = false;
    mm::KernelStack kstack;

    // --- the run-queue lock of `cpu` (proc/sched.cc) ---
    State state = State::Runnable;  ///< also under tree_lock() for the step to Zombie
    unsigned cpu = 0;               ///< the run queue it belongs to
    u32 slice_ticks = 0;            ///< ticks run since it was last scheduled in
    ListNode run_node;              ///< on a run queue

    // --- tree_lock() (proc/table.cc): the process tree, exit and wait ---
    Task* parent = nullptr;  ///< null for PID 1 and the idle tasks
    ListNode all_node;       ///< in the global table
    ListNode sibling_node;   ///< in parent->children
    IntrusiveList<Task, &Task::sibling_node> children;
    int exit_status = 0;           ///< the wait status (WIFEXITED/WIFSIGNALED encoding)
    RLimit rlimits[RLIMIT_COUNT];  ///< prlimit64 may change another task's

    // --- lab 04 threads (proc/thread_group.hh): tree_lock(), except `group` and
    //     `clone_flags`, fixed at creation ---
    ThreadGroup* group = nullptr;  ///< the process this thread belongs to (tgid's)
    ListNode group_node;           ///< in group->threads
    int exit_signal = 0;           ///< sent to the parent when the process ends; -1 for a thread
    bool exited = false;           ///< has run exit (a zombie leader of live threads, say)
    u64 clone_flags = 0;           ///< the CLONE_* bits it was made with (FS, FILES, SYSVSEM, ...)
    VforkDone* vfork_done = nullptr;  ///< CLONE_VFORK: released at exec or exit
    // --- end of lab 04 threads ---

    // --- shared across CPUs without a lock: atomics, with the orders they need ---
    /// Still running on a CPU until its switch-out completes: set (relaxed) under the
    /// run-queue lock when it is switched in; cleared with release by the next task's
    /// finish_switch, so that whoever frees it and loads false with acquire sees the
    /// switch-out's last writes to its stack done.
    std::atomic<bool> on_cpu{false};

    // --- lab 04's foundations (proc/sched.cc, proc/table.cc, proc/kthread.cc) ---
    bool is_kthread = false;               ///< fixed: a kernel thread (proc/kthread.hh)
    std::atomic<u32> refs{1};              ///< task_get/task_put; the creator holds the first
    Task* reap_next = nullptr;             ///< on the reaper's list once the last ref went
    ListNode pid_node;                     ///< in the pid hash (tree_lock())
    std::atomic<u64> cpus_allowed{~0ull};  ///< sched_setaffinity's mask (bit = CPU index)
    /// CPU time (proc/cputime.cc): nanoseconds in user and in kernel mode, and when the
    /// current stretch began; written by the task itself on its CPU, read by anyone.
    std::atomic<u64> utime_ns{0}, stime_ns{0};
    u64 acct_since_ns = 0;
    bool acct_in_user = false;
    /// The CPU time of reaped children and their descendants (tree_lock(); times,
    /// getrusage(RUSAGE_CHILDREN)), added by account_reaped.
    u64 children_utime_ns = 0, children_stime_ns = 0;

    // --- the task's own: written only by the task itself (or before its first run) ---
    Credentials cred;    ///< ids, groups, capabilities (proc/cred.hh)
    char name[16] = {};  ///< the program's base name (comm)
    u64 saved_rsp = 0;   ///< while switched out: its stack in context_switch
    u32 irq_depth = 0;   ///< PerCpu::irq_depth while switched out
    vm::AddressSpace* as = nullptr;
    arch::FpuState fpu;
    u64 fs_base = 0;
    vm::UserPtr<i32> clear_child_tid;  ///< set_tid_address (used by lab 04)
    vm::UserPtr<i32> set_child_tid;    ///< clone(CLONE_CHILD_SETTID): written at the first run
    vm::UserAddr robust_list;          ///< set_robust_list's head (used by lab 04)
    u64 robust_len = 0;

    // --- its SignalHandlers' lock (proc/signal.hh says which part is whose) ---
    TaskSignals sig;

    // --- files (lab 05): counted, shared by clone(CLONE_FILES / CLONE_FS), copied by fork;
    // set by the task itself (or before its first run), dropped by exit ---
    fs::FdTable* files = nullptr;  ///< the descriptor table (fs/fd_table.hh)
    vfs::FsContext* fs = nullptr;  ///< root, cwd, umask (fs/vfs/fs_context.hh)

    /// The user registers saved at the top of the kernel stack.
    arch::TrapFrame* frame() const {
        return reinterpret_cast<arch::TrapFrame*>(kstack.top - sizeof(arch::TrapFrame));
    }
};

/// The task running on this CPU (its idle task between user tasks). Never null after
/// proc::init().
Task* current();

}  // namespace proc
