// kernel/proc/thread_group.cc — thread groups: creation, the end of threads, exec's
// de_thread and vfork's release (thread_group.hh).
//
// A thread that ends is freed by whoever next calls free_dead_tasks (clone and wait do),
// once it is off its CPU: it cannot free the kernel stack it is still running on, and
// nobody waits for it. Freeing happens outside the tree lock, because freeing a kernel
// stack shoots down TLBs and waits for the other CPUs, which may spin on that lock.
#include "proc/thread_group.hh"

#include "arch/x86_64/irq.hh"
#include "mm/heap.hh"
#include "proc/process.hh"
#include "proc/signal.hh"
#include "proc/table.hh"

namespace proc {
namespace {

// Tasks that ended and wait to be off their CPU (tree lock), linked by sibling_node.
IntrusiveList<Task, &Task::sibling_node> dead;

}  // namespace

Result<void> group_create(Task* t) {
    ThreadGroup* g = TRY(mm::make<ThreadGroup>());
    g->leader = t;
    g->threads.push_back(*t);
    g->live = 1;
    t->group = g;
    return {};
}

// LAB_BEGIN(04-clone, 2): a new thread joins the caller's thread group (CLONE_THREAD): a reference, the list, the live count
Result<void> group_join(ThreadGroup* g, Task* t) {
    if (g->exiting) return Error(EINTR);
    g->refs.fetch_add(1, std::memory_order_relaxed);
    g->threads.push_back(*t);
    ++g->live;
    t->group = g;
    return {};
}
// LAB_FALLBACK
// Result<void> group_join(ThreadGroup*, Task*) { return Error(EINVAL); }
// LAB_END

void group_put(Task* t) {
    ThreadGroup* g = t->group;
    t->group = nullptr;
    if (g && g->refs.fetch_sub(1, std::memory_order_acq_rel) == 1) mm::destroy(g);
}

bool group_has_other_live(const Task* t) {
    for (const Task& other : t->group->threads)
        if (&other != t && !other.exited) return true;
    return false;
}

void report_stopped(Task* t, int signo) {
    ThreadGroup* g = t->group;
    g->stop_signal = signo;
    g->continued = false;
    if (Task* parent = g->leader->parent) wake_all(parent->group->child_waiters);
}

void report_continued(Task* t) {
    ThreadGroup* g = t->group;
    g->stop_signal = 0;
    g->continued = true;
    if (Task* parent = g->leader->parent) wake_all(parent->group->child_waiters);
}

void free_when_off_cpu(Task* t) { dead.push_back(*t); }

void free_dead_tasks() {
    for (;;) {
        Task* batch[8];
        usize n = 0;
        {
            SpinLockGuard g(tree_lock());
            for (auto it = dead.begin(); it != dead.end() && n < 8;) {
                Task& t = *it;
                ++it;
                if (t.on_cpu.load(std::memory_order_acquire)) continue;
                dead.remove(t);
                batch[n++] = &t;
            }
        }
        for (usize i = 0; i < n; ++i) {
            group_put(batch[i]);
            task_free(batch[i]);
        }
        if (n < 8) return;
    }
}

void kill_other_threads(ThreadGroup* g, Task* me) {
    for (Task& t : g->threads) {
        if (&t == me || t.exited) continue;
        signal_kill_thread(&t);  // a pending SIGKILL, and a wake-up
    }
}

// LAB_BEGIN(04-clone, 6): execve among threads: end the others, take the leader's tid
//! [de_thread]
Result<void> de_thread() {
    Task* me = current();
    ThreadGroup* g = me->group;
    SpinLock& lock = tree_lock();
    IrqState irqs = lock.lock();
    if (g->live == 1 && g->leader == me) {
        lock.unlock(std::move(irqs));
        return {};
    }
    if (g->exiting) {  // exit_group or a fatal signal came first: this thread dies too
        lock.unlock(std::move(irqs));
        return Error(EAGAIN);
    }
    g->exiting = true;
    g->exec_task = me;
    kill_other_threads(g, me);
    while (g->live > 1) {
        if (must_die()) {
            // Killed while waiting: the exec is off, and the signal's delivery on the way
            // out ends the process with that signal's status (exit_group's rule: the
            // first to set exiting gives the status, so it is cleared here).
            g->exec_task = nullptr;
            g->exiting = false;
            lock.unlock(std::move(irqs));
            return Error(EAGAIN);
        }
        sleep_on(g->exec_waiters, lock);
    }
    if (Task* old = g->leader; old != me) {
        // Take the leader's place: its tid (the tgid), its parent and its place among the
        // parent's children. The old leader, a zombie by now, goes without a report.
        pid_t tgid = old->tid;
        table_remove(old);
        table_remove(me);
        old->tid = me->tid;
        me->tid = tgid;
        table_reenter(me);
        if (old->parent) {
            old->parent->children.remove(*old);
            old->parent->children.push_back(*me);
        }
        me->parent = old->parent;
        me->exit_signal = SIGCHLD;
        old->exit_signal = -1;
        g->threads.remove(*old);
        g->leader = me;
        free_when_off_cpu(old);
    }
    g->exiting = false;
    g->exec_task = nullptr;
    g->exit_status = 0;
    lock.unlock(std::move(irqs));
    return {};
}
//! [de_thread]
// LAB_FALLBACK
// Result<void> de_thread() { return {}; }
// LAB_END

void vfork_release(Task* t) {
    SpinLockGuard g(tree_lock());
    if (VforkDone* v = t->vfork_done) {
        t->vfork_done = nullptr;
        v->done = true;
        wake_all(v->waiters);
    }
}

}  // namespace proc
