// kernel/fs/poll/poll_table.cc — a task waiting for any of several files (poll_table.hh).
#include "fs/poll/poll_table.hh"

#include "drivers/timer/clock.hh"
#include "mm/heap.hh"
#include "proc/sched.hh"
#include "proc/signal.hh"
#include "proc/timer.hh"

namespace fs {
namespace {

void wake_poller(proc::Timer& t) { proc::wake_task(static_cast<proc::Task*>(t.arg)); }

}  // namespace

PollTable::PollTable() : task_(proc::current()) { queue = add; }

PollTable::~PollTable() {
    while (Chunk* c = chunks_) {
        for (usize i = 0; i < c->used; ++i) {
            Entry& e = c->entries[i];
            SpinLockGuard g(*e.lock);
            e.queue->remove_if_linked(e.wait);
        }
        chunks_ = c->next;
        mm::destroy(c);
    }
}

void PollTable::add(vfs::PollWait& pw, proc::WaitQueue& wq, SpinLock& lock) {
    auto& t = static_cast<PollTable&>(pw);
    if (t.failed_) return;
    if (!t.chunks_ || t.chunks_->used == Chunk::N) {
        auto c = mm::make<Chunk>();
        if (c.is_error()) {
            t.failed_ = true;
            return;
        }
        c.value()->next = t.chunks_;
        t.chunks_ = c.value();
    }
    Entry& e = t.chunks_->entries[t.chunks_->used++];
    e.wait.task = t.task_;
    e.wait.fn = fire;
    e.wait.arg = &t;
    e.wait.keep = true;
    e.queue = &wq;
    e.lock = &lock;
    wq.add(e.wait);
}

// Queue lock held: note the event and wake the task (it may not be asleep yet).
bool PollTable::fire(proc::WaitEntry& e) {
    static_cast<PollTable*>(e.arg)->triggered_.store(true);
    proc::wake_task(e.task);
    return true;
}

Woken PollTable::sleep(u64 deadline_ns) {
    proc::Timer timer(wake_poller, task_);
    if (deadline_ns) proc::timer_start(timer, deadline_ns);
    Woken why;
    for (;;) {
        // Sleeping first, then the checks: a wake-up after them makes us Running again.
        proc::set_sleeping();
        if (triggered_.exchange(false)) why = Woken::Event;
        else if (proc::signal_pending()) why = Woken::Signal;
        else if (deadline_ns && ktime::now_ns() >= deadline_ns) why = Woken::Timeout;
        else {
            proc::schedule_sleeping();
            continue;
        }
        proc::set_running();
        break;
    }
    if (deadline_ns) proc::timer_cancel(timer);
    return why;
}

u64 deadline_after(u64 ns) {
    u64 now = ktime::now_ns();
    u64 d = now + ns;
    if (d < now) return ~u64(0);  // centuries: as good as never
    return d ? d : 1;
}

}  // namespace fs
