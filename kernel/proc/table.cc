// kernel/proc/table.cc — allocating tasks and pids; the table of every task (table.hh).
#include "proc/table.hh"

#include "arch/x86_64/cpu.hh"
#include "arch/x86_64/irq.hh"
#include "lib/string.hh"
#include "proc/kthread.hh"
#include "mm/heap.hh"

namespace proc {
namespace {

constexpr pid_t PID_MAX = 4194304;  // Linux's pid_max on 64-bit

constexpr usize PID_BUCKETS = 1024;

SpinLock lock_("proc-tree", lock_rank::SLEEP);
IntrusiveList<Task, &Task::all_node> tasks;
IntrusiveList<Task, &Task::pid_node> by_pid[PID_BUCKETS];
pid_t last_pid = 0;

IntrusiveList<Task, &Task::pid_node>& bucket(pid_t tid) { return by_pid[u32(tid) % PID_BUCKETS]; }

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
    if (auto r = signal_task_init(t); r.is_error()) {
        arch::fpu_free(t->fpu);
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

void task_free(Task* t) { task_put(t); }

// LAB_BEGIN(04-clone, 1): reference counts: the last task_put frees, now or through the reaper
void task_get(Task* t) {
    u32 old = t->refs.fetch_add(1, std::memory_order_relaxed);
    if (old == 0) panic("task_get: task {} ({}) has no reference left", t->tid, t->name);
}

void task_put(Task* t) {
    u32 old = t->refs.fetch_sub(1, std::memory_order_acq_rel);
    if (old == 0) panic("task_put: task {} ({}) put once too often", t->tid, t->name);
    if (old > 1) return;
    arch::PerCpu* pc = arch::this_cpu();
    if (arch::irqs_enabled() && !pc->locks_held && !pc->irq_depth && current() != t)
        task_destroy(t);
    else reaper_defer(t);
}
// LAB_FALLBACK
// void task_get(Task*) {}
// void task_put(Task* t) { task_destroy(t); }
// LAB_END

void task_destroy(Task* t) {
    while (t->on_cpu.load(std::memory_order_acquire)) arch::cpu_relax();
    signal_task_free(t);
    arch::fpu_free(t->fpu);
    mm::free_kernel_stack(t->kstack);
    mm::destroy(t);
}

TaskRef task_find_get(pid_t tid) {
    SpinLockGuard g(lock_);
    Task* t = table_find(tid);
    if (!t) return TaskRef();
    task_get(t);
    return TaskRef(t);
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
            bucket(pid).push_back(*t);
            return {};
        }
    }
    return Error(EAGAIN);
}

void table_remove(Task* t) {
    tasks.remove(*t);
    bucket(t->tid).remove(*t);
}

Task* table_find(pid_t tid) {
    // LAB_BEGIN(04-clone, 1): the pid hash: look in tid's bucket only
    for (Task& t : bucket(tid))
        if (t.tid == tid) return &t;
    return nullptr;
    // LAB_FALLBACK
    // for (Task& t : tasks)
    //     if (t.tid == tid) return &t;
    // return nullptr;
    // LAB_END
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
