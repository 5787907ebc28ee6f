// kernel/proc/signal_impl.hh — helpers shared by the signal code's files (not an interface).
//
// for_each_thread walks the threads of a task's process. Until thread groups keep their
// own list (lab 04's clone work), it filters the global table by tgid; the tree lock
// must be held either way.
#pragma once

#include "proc/process.hh"
#include "proc/table.hh"

namespace proc {

/// Calls @p f on every live thread of @p t's process (tree lock held).
template <typename F>
void for_each_thread(Task* t, F f) {
    pid_t tgid = t->tgid;
    for (Task& x : all_tasks())
        if (x.tgid == tgid && x.state != State::Zombie && !x.is_idle) f(x);
}

}  // namespace proc
