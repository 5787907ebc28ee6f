// kernel/proc/thread_group.hh — a process as Linux sees it: the threads that share a tgid.
//
// Every task belongs to one ThreadGroup. fork and clone without CLONE_THREAD make a new
// group whose leader is the child (tgid = its tid); clone with CLONE_THREAD adds the child
// to the caller's group. The group holds what belongs to the process rather than to one
// thread: its thread list, how many threads still run, whether the process is ending
// (exit_group, a fatal signal, or an execve that ends the other threads) with which
// status, the queue its threads sleep on in wait4, and what wait reports about stops and
// continues. book/04-clone.md draws it.
//
// Life and death: `exit` ends one thread, `exit_group` all of them. A thread other than
// the leader is freed as soon as it is off its CPU (nobody waits for it); the leader stays
// a zombie until the last thread ends, and only then does its parent see the process end:
// wait4 reports the group once, with the status of exit_group (or of the fatal signal),
// else the leader's own exit code.
//
// Locking: everything here is under tree_lock(), like the process tree.
#pragma once

#include <atomic>

#include "lib/result.hh"
#include "proc/sched.hh"
#include "proc/task.hh"

namespace proc {

/// The shared part of a process (Linux's signal_struct, as far as threads need one).
struct ThreadGroup {
    std::atomic<u32> refs{1};  ///< tasks pointing here (freed with the last of them)
    Task* leader = nullptr;    ///< its tid is the tgid; a zombie while other threads live
    IntrusiveList<Task, &Task::group_node> threads;  ///< every thread not yet freed
    u32 live = 0;                                    ///< threads that have not exited
    /// The process is ending (exit_group or a fatal signal; or execve's de_thread, with
    /// exec_task set): no new thread joins, every other thread is made to exit.
    bool exiting = false;
    int exit_status = 0;        ///< the wait status of exit_group / the fatal signal
    Task* exec_task = nullptr;  ///< de_thread: the thread whose execve waits for the others
    WaitQueue exec_waiters;     ///< where it waits
    WaitQueue child_waiters;    ///< threads asleep in wait4/waitid for a child of the group

    // --- the stop/continue report wait needs (the stop and SIGCONT code writes them with
    //     report_stopped / report_continued; wait consumes them) ---
    int stop_signal = 0;     ///< stopped by this signal and not reported yet (WUNTRACED)
    bool continued = false;  ///< continued and not reported yet (WCONTINUED)

    // --- tree_lock(): the CPU time of the threads that have ended and been freed, for
    //     the process's clock, getrusage(RUSAGE_SELF) and times (proc/cputime.cc) ---
    u64 dead_user_ns = 0;
    u64 dead_system_ns = 0;
};

/// What a parent blocked in vfork waits on (on its own stack): set done by the child.
struct VforkDone {
    bool done = false;
    WaitQueue waiters;
};

/// Makes @p t the leader of a new group (fork, clone without CLONE_THREAD, PID 1), with
/// one live thread. ENOMEM.
Result<void> group_create(Task* t);
/// Adds @p t to @p g as a new live thread (tree lock held). EINTR when the group is
/// already ending (as Linux refuses to clone into a dying process).
Result<void> group_join(ThreadGroup* g, Task* t);
/// Drops @p t's reference to its group (when the task is freed).
void group_put(Task* t);

/// Whether the thread group of @p t has other threads that have not exited (tree lock held).
bool group_has_other_live(const Task* t);

/// Makes every thread of @p g but @p me exit (a pending SIGKILL), waking those that sleep
/// (tree lock held): exit_group, a fatal signal, execve.
void kill_other_threads(ThreadGroup* g, Task* me);

/// Records that the process of @p t stopped with @p signo (for WUNTRACED) and wakes its
/// parent's waiters (tree lock held). proc/signal_parent.cc calls it at a group stop.
void report_stopped(Task* t, int signo);
/// Records that the process of @p t continued (for WCONTINUED) and wakes its parent's
/// waiters (tree lock held). proc/signal_parent.cc calls it at SIGCONT.
void report_continued(Task* t);

/// Frees @p t, a task that has exited and is out of the table and of every list, once it
/// is off its CPU (tree lock held): a thread that ended, a leader replaced by exec.
void free_when_off_cpu(Task* t);
/// Frees the tasks free_when_off_cpu kept that are off their CPU by now (tree lock held).
void free_dead_tasks();

/// execve's part for thread groups, at the point of no return: ends every other thread of
/// the caller's process and waits for them; if the caller is not the leader it takes the
/// leader's place (its tid becomes the tgid, as Linux's de_thread). EAGAIN when the
/// process is already ending (exit_group or a fatal signal came first). Also releases a
/// parent waiting in vfork.
Result<void> de_thread();

/// Releases the parent blocked in vfork (or clone with CLONE_VFORK) for @p t, if any: at
/// execve and at exit.
void vfork_release(Task* t);

}  // namespace proc
