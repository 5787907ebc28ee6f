// kernel/proc/table.cc — allocating tasks and pids; the table of every task (table.hh).
#include "proc/table.hh"

#include "fs/task_files.hh"
#include "lib/string.hh"
#include "mm/heap.hh"

namespace proc {
namespace {

constexpr pid_t PID_MAX = 4194304;  // Linux's pid_max on 64-bit

SpinLock lock_("proc-tree", lock_rank::SLEEP);
IntrusiveList<Task, &Task::all_node> tasks;
pid_t last_pid = 0;

}  // namespace

SpinLock& tree_lock() { return lock_; }
IntrusiveList<Task, &Task::all_node>& all_tasks() { return tasks; }
usize table_size() { return tasks.size(); }

Result<Task*> task_alloc() {
    Task* t = TRY(mm::make<Task>());
    auto stack = mm::alloc_kernel_stack(KERNEL_STACK_PAGES);
    if (stack.is_error()) {
        mm::destroy(t);
        return Error(stack.error());
    }
    t->kstack = stack.value();
    if (auto r = arch::fpu_alloc(t->fpu); r.is_error()) {
        mm::free_kernel_stack(t->kstack);
        mm::destroy(t);
        return Error(r.error());
    }
    // Linux's defaults for a process started by the kernel.
    t->rlimits[3] = {8 * MiB, RLIM_INFINITY};  // RLIMIT_STACK
    t->rlimits[4] = {0, RLIM_INFINITY};        // RLIMIT_CORE
    t->rlimits[6] = {1024 * 8, 1024 * 8};      // RLIMIT_NPROC (a modest cap)
    t->rlimits[7] = {1024, 4096};              // RLIMIT_NOFILE
    t->rlimits[8] = {8 * MiB, 8 * MiB};        // RLIMIT_MEMLOCK
    t->rlimits[11] = {1024 * 8, 1024 * 8};     // RLIMIT_SIGPENDING
    t->rlimits[12] = {819200, 819200};         // RLIMIT_MSGQUEUE
    t->rlimits[13] = {0, 0};                   // RLIMIT_NICE
    t->rlimits[14] = {0, 0};                   // RLIMIT_RTPRIO
    return t;
}

void task_free(Task* t) {
    fs::task_files_release(t);  // lab 05: a child whose fork failed after the copy
    arch::fpu_free(t->fpu);
    mm::free_kernel_stack(t->kstack);
    mm::destroy(t);
}

Result<void> table_insert(Task* t) {
    // The next free pid after the last one given, wrapping like Linux (pids above 300
    // after a wrap; here simply from 2, PID 1 stays init's).
    for (int tries = 0; tries < PID_MAX; ++tries) {
        pid_t pid = last_pid + 1 >= PID_MAX ? 2 : last_pid + 1;
        last_pid = pid;
        if (!table_find(pid)) {
            t->tid = t->tgid = pid;
            tasks.push_back(*t);
            return {};
        }
    }
    return Error(EAGAIN);
}

void table_remove(Task* t) { tasks.remove(*t); }

Task* table_find(pid_t tid) {
    for (Task& t : tasks)
        if (t.tid == tid) return &t;
    return nullptr;
}

const char* state_name(State s) {
    switch (s) {
    case State::Runnable:
        return "runnable";
    case State::Running:
        return "running";
    case State::Sleeping:
        return "sleeping";
    case State::Zombie:
        return "zombie";
    }
    return "?";
}

}  // namespace proc
