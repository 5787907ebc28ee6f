// kernel/proc/wait_queue.hh — wait queues of entries: who waits, and what a wake-up does.
//
// A WaitQueue is a list of WaitEntry objects, each naming a task and, optionally, a
// function to call instead of simply waking it. The entry, not the task, is what sits
// on the queue, so one task can wait on several queues at once (poll and epoll put one
// entry on each file's queue) and a wake-up can run code (an epoll ready list, a
// completion of an asynchronous request).
//
//   WaitQueue ──> [entry: task A] ──> [entry: task B, fn=on_ready] ──> ...
//                      │                  │
//                      └── on A's stack   └── inside B's poll table
//
// A queue has no lock of its own: it is guarded by the lock of the condition it is
// about (the same lock sleep_on() is handed), and every add, remove and wake happens
// under that lock. Waking takes an entry OFF its queue before running it ("autoremove"):
// a woken waiter that wants more wake-ups adds its entry again; an entry marked `keep`
// (poll's, which wait for any of several queues) stays on until its owner takes it
// off. An entry's owner takes
// it off (remove_if_linked) under the queue's lock before the entry goes out of scope,
// which is also what makes a waker's use of the entry safe: the waker holds that lock
// for as long as it touches the entry.
//
// The scheduler-level API (sleep_on, sleep_on_until, wake_all, wake_task) in
// proc/sched.hh is built on these entries.
#pragma once

#include "lib/list.hh"
#include "lib/types.hh"

namespace proc {

struct Task;
struct WaitEntry;

/// Wakes @p t if it sleeps (proc/sched.cc; the default action of an entry).
bool wake_task(Task* t);

/// What a wake-up runs for an entry (queue lock held, entry already off the queue).
/// Returns true when it counts as having woken a waiter (wake_one stops there).
using WakeFn = bool (*)(WaitEntry& entry);

/// One waiter on one queue.
struct WaitEntry {
    Task* task = nullptr;  ///< the waiting task (woken when fn is null)
    WakeFn fn = nullptr;   ///< called instead of waking task, when set
    void* arg = nullptr;   ///< for fn
    bool keep = false;     ///< stays on the queue when woken (removed by its owner)
    ListNode node;         ///< on the queue (guarded by the queue's lock)

    WaitEntry() = default;
    explicit WaitEntry(Task* t, WakeFn f = nullptr, void* a = nullptr) : task(t), fn(f), arg(a) {}
    WaitEntry(const WaitEntry&) = delete;
    WaitEntry& operator=(const WaitEntry&) = delete;
    /// Whether it is still on a queue (not woken yet).
    bool linked() const { return node.linked(); }
};

/// Entries waiting for one condition; guarded by the condition's lock.
class WaitQueue {
public:
    WaitQueue() = default;
    WaitQueue(const WaitQueue&) = delete;
    WaitQueue& operator=(const WaitQueue&) = delete;

    /// Adds @p e at the tail (FIFO wake order).
    void add(WaitEntry& e) { entries_.push_back(e); }
    /// Takes @p e off, if a wake-up has not done so already.
    void remove_if_linked(WaitEntry& e) {
        if (e.linked()) entries_.remove(e);
    }
    bool empty() const { return entries_.empty(); }
    usize size() const { return entries_.size(); }

    /// Wakes entries from the head until one of them counts as woken; returns whether
    /// one did.
    bool wake_one();
    /// Wakes every entry; returns how many counted as woken.
    usize wake_all();
    /// Wakes up to @p n entries that count (futex wake); returns how many did.
    usize wake_n(usize n);

private:
    static bool run(WaitEntry& e);
    IntrusiveList<WaitEntry, &WaitEntry::node> entries_;
};

}  // namespace proc
