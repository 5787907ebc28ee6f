// kernel/proc/kthread.hh — kernel threads: tasks that run kernel code only, in ring 0.
//
// A kernel thread is a Task without an address space (it runs on the kernel's page
// tables, as the idle loops do) and without a pid: it is not in the process table, so
// kill and wait4 never see it. It has its own kernel stack, is scheduled like any
// task on any CPU (make_runnable, stealing, affinity), and may sleep: on wait queues,
// mutexes, completions and timers. It ends by returning from its function or calling
// kthread_exit(); the reaper thread frees it once its last reference is gone.
//
//   Task* t = TRY(kthread_create("flusher", flush_loop, &disk));
//   task_put(t);                          // not interested in it any more
//
// The reaper itself is the first kernel thread (started by sched_init): it frees tasks
// whose last reference was dropped where freeing is not allowed (interrupts off, a
// spinlock held, inside an interrupt: task_put in table.hh), and dead kernel threads.
#pragma once

#include "lib/result.hh"
#include "proc/task.hh"

namespace proc {

using KthreadFn = void (*)(void* arg);

/// Creates a kernel thread named @p name (at most 15 characters kept) that runs
/// fn(arg) with interrupts on, and makes it runnable on the least loaded CPU. Returns
/// the task with a reference for the caller, who drops it with task_put(). ENOMEM.
Result<Task*> kthread_create(const char* name, KthreadFn fn, void* arg);

/// Ends the calling kernel thread (returning from its function does the same).
[[noreturn]] void kthread_exit();

/// Starts the reaper thread (sched_init).
void reaper_start();
/// Hands @p t, whose last reference is gone, to the reaper (any context).
void reaper_defer(Task* t);
/// Tasks the reaper has freed since boot (tests).
u64 reaper_freed();

}  // namespace proc
