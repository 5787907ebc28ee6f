// tests/unit/wait_queue_test.cc — WaitQueue's wake-ups: order, callbacks, counts, kept entries.
//
// The queue is pure list logic; proc::wake_task (the scheduler's) is replaced here by a
// recorder, so the tests see which tasks a wake-up would have made runnable.
// UNIT_SOURCES: kernel/proc/wait_queue.cc kernel/lib/format.cc
#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include <vector>

#include "proc/wait_queue.hh"
#include "support/unit.hh"

namespace proc {
struct Task {  // the queue only ever handles pointers to tasks
    int id = 0;
};
}  // namespace proc

namespace {
std::vector<proc::Task*> woken_tasks;
std::vector<int> callbacks;

bool record_callback(proc::WaitEntry& e) {
    callbacks.push_back(*static_cast<int*>(e.arg));
    return *static_cast<int*>(e.arg) >= 0;  // a negative id does not count as woken
}

void reset() {
    woken_tasks.clear();
    callbacks.clear();
}
}  // namespace

namespace proc {
bool wake_task(Task* t) {
    woken_tasks.push_back(t);
    return true;
}
}  // namespace proc

using proc::Task;
using proc::WaitEntry;
using proc::WaitQueue;

Test(wait_queue, wake_one_is_fifo_and_removes) {
    reset();
    Task a, b;
    WaitQueue q;
    WaitEntry ea(&a), eb(&b);
    q.add(ea);
    q.add(eb);
    cr_assert(q.wake_one());
    cr_assert(eq(sz, woken_tasks.size(), 1));
    cr_assert(eq(ptr, woken_tasks[0], &a));
    cr_assert(eq(int, ea.linked(), 0));
    cr_assert(eb.linked());
    cr_assert(eq(sz, q.wake_all(), 1));
    cr_assert(q.empty());
    cr_assert(eq(int, q.wake_one(), 0));
}

Test(wait_queue, callbacks_run_instead_of_waking) {
    reset();
    Task a;
    int id1 = 1, id2 = 2;
    WaitQueue q;
    WaitEntry e1(&a, record_callback, &id1), e2(nullptr, record_callback, &id2);
    q.add(e1);
    q.add(e2);
    cr_assert(eq(sz, q.wake_all(), 2));
    cr_assert(woken_tasks.empty());
    cr_assert(eq(sz, callbacks.size(), 2));
    cr_assert(eq(int, callbacks[0], 1));
    cr_assert(eq(int, callbacks[1], 2));
}

Test(wait_queue, wake_one_skips_entries_that_do_not_count) {
    reset();
    Task a;
    int skip = -1;
    WaitQueue q;
    WaitEntry e1(nullptr, record_callback, &skip), e2(&a);
    q.add(e1);
    q.add(e2);
    cr_assert(q.wake_one());
    cr_assert(eq(sz, callbacks.size(), 1));
    cr_assert(eq(sz, woken_tasks.size(), 1));
    cr_assert(q.empty());
}

Test(wait_queue, wake_n_counts) {
    reset();
    Task t[5];
    WaitQueue q;
    WaitEntry e0(&t[0]), e1(&t[1]), e2(&t[2]), e3(&t[3]), e4(&t[4]);
    for (WaitEntry* e : {&e0, &e1, &e2, &e3, &e4}) q.add(*e);
    cr_assert(eq(sz, q.wake_n(3), 3));
    cr_assert(eq(sz, q.size(), 2));
    cr_assert(eq(ptr, woken_tasks[2], &t[2]));
    cr_assert(eq(sz, q.wake_n(3), 2));
}

Test(wait_queue, kept_entries_stay_once_per_wake) {
    reset();
    Task a, b;
    WaitQueue q1, q2;
    // One task on two queues (poll): its entries stay until it removes them.
    WaitEntry e1(&a), e2(&a), other(&b);
    e1.keep = e2.keep = true;
    q1.add(e1);
    q2.add(e2);
    q1.add(other);
    cr_assert(eq(sz, q1.wake_all(), 2));
    cr_assert(e1.linked());
    cr_assert(eq(int, other.linked(), 0));
    cr_assert(eq(sz, q1.wake_all(), 1));  // run once per call, not in a loop
    cr_assert(eq(sz, q2.wake_all(), 1));
    q1.remove_if_linked(e1);
    q2.remove_if_linked(e2);
    q2.remove_if_linked(e2);  // a second remove is harmless
    cr_assert(q1.empty());
    cr_assert(q2.empty());
    cr_assert(eq(sz, woken_tasks.size(), 4));
}
