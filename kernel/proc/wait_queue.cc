// kernel/proc/wait_queue.cc — waking the entries of a wait queue (wait_queue.hh).
#include "proc/wait_queue.hh"

namespace proc {

bool WaitQueue::run(WaitEntry& e) {
    if (e.fn) return e.fn(e);
    wake_task(e.task);
    return true;
}

bool WaitQueue::wake_one() { return wake_n(1) == 1; }

usize WaitQueue::wake_all() { return wake_n(~usize(0)); }

usize WaitQueue::wake_n(usize n) {
    usize woken = 0;
    // Entries a wake-up keeps (WaitEntry::keep) go back at the tail once the walk is
    // over, so that each is run at most once per call.
    IntrusiveList<WaitEntry, &WaitEntry::node> kept;
    while (woken < n) {
        WaitEntry* e = entries_.pop_front();
        if (!e) break;
        if (e->keep) kept.push_back(*e);
        if (run(*e)) ++woken;
    }
    while (WaitEntry* e = kept.pop_front()) entries_.push_back(*e);
    return woken;
}

}  // namespace proc
