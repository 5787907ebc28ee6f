// kernel/proc/table.hh — every task by pid, the process tree, and its lock.
//
// One lock (tree_lock) guards the table, parent/children links, zombie states and exit
// statuses: fork, exit, wait4 and kill take it. It is taken before any run-queue lock.
#pragma once

#include "lib/result.hh"
#include "lib/spinlock.hh"
#include "proc/task.hh"

namespace proc {

/// The lock of the process tree.
SpinLock& tree_lock();

/// A new task: zeroed identity, a kernel stack with a guard page, FPU state in its
/// initial image, default rlimits and actions; not in the table yet. ENOMEM, EAGAIN
/// (no pid left).
Result<Task*> task_alloc();
/// Frees what task_alloc made (the task must be off every list and off every CPU).
void task_free(Task* t);

/// Gives @p t a fresh pid (tid = tgid) and enters it in the table (tree lock held).
Result<void> table_insert(Task* t);
/// Takes @p t out of the table (tree lock held).
void table_remove(Task* t);
/// The task with thread id @p tid, or null (tree lock held).
Task* table_find(pid_t tid);

/// Every task in the table, in pid order of creation (tree lock held).
IntrusiveList<Task, &Task::all_node>& all_tasks();

/// Number of tasks in the table (zombies included).
usize table_size();

}  // namespace proc
