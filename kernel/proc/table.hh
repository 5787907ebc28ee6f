// kernel/proc/table.hh — every task by pid, the process tree, and its lock.
//
// Tasks are reference counted (task_get/task_put, TaskRef): a timer, a futex waiter
// or a kill in progress keeps a task's memory valid after it is reaped. The table
// finds a tid through a hash of PID_BUCKETS chains.
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
/// Drops the creator's reference of what task_alloc made (the table's, once it is in
/// the table): the task is freed when its last reference goes (task_put).
void task_free(Task* t);

/// Takes a reference on @p t: its memory stays valid (not its state) until the
/// matching task_put. The caller must already hold a reference or the tree lock.
void task_get(Task* t);
/// Drops a reference; the last one frees the task once it is off every CPU: at once
/// where that is allowed (interrupts on, no spinlock held, not in an interrupt), else
/// through the reaper thread (proc/kthread.hh). Not under a run-queue lock.
void task_put(Task* t);
/// Frees @p t now, waiting until it is off its CPU (the reaper; refs are 0).
void task_destroy(Task* t);

/// A counted reference to a task, dropped at the end of its scope.
class TaskRef {
public:
    TaskRef() = default;
    /// Adopts a reference the caller already took.
    explicit TaskRef(Task* t) : t_(t) {}
    TaskRef(TaskRef&& o) : t_(o.t_) { o.t_ = nullptr; }
    TaskRef(const TaskRef&) = delete;
    TaskRef& operator=(const TaskRef&) = delete;
    ~TaskRef() {
        if (t_) task_put(t_);
    }
    Task* get() const { return t_; }
    Task* operator->() const { return t_; }
    explicit operator bool() const { return t_ != nullptr; }

private:
    Task* t_ = nullptr;
};

/// The task with thread id @p tid with a reference taken, or an empty TaskRef (takes
/// the tree lock itself).
TaskRef task_find_get(pid_t tid);

/// Gives @p t a fresh pid (tid = tgid) and enters it in the table (tree lock held).
Result<void> table_insert(Task* t);
/// Takes @p t out of the table (tree lock held).
void table_remove(Task* t);
/// The task with thread id @p tid, or null (tree lock held). A hash of the tids: O(1)
/// on average.
Task* table_find(pid_t tid);

/// Every task in the table, in pid order of creation (tree lock held).
IntrusiveList<Task, &Task::all_node>& all_tasks();

/// Number of tasks in the table (zombies included).
usize table_size();

}  // namespace proc
