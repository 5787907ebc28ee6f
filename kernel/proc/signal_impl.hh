// kernel/proc/signal_impl.hh — helpers shared by the signal code's files (not an interface).
//
// for_each_thread walks the threads of a task's process: its thread group's list
// (proc/thread_group.hh), under the tree lock.
#pragma once

#include "proc/process.hh"
#include "proc/table.hh"
#include "proc/thread_group.hh"

namespace proc {

/// Calls @p f on every live thread of @p t's process (tree lock held).
template <typename F>
void for_each_thread(Task* t, F f) {
    if (!t->group) return;
    for (Task& x : t->group->threads)
        if (x.state != State::Zombie && !x.exited) f(x);
}

}  // namespace proc
