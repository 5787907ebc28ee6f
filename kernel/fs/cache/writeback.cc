// kernel/fs/cache/writeback.cc — writing dirty pages back: runs of consecutive pages, and
// the writeback thread that does it for dirty expiry and the background limit.
//
// The thread ("writeback") wakes every period (5 s) or when a writer passes the
// background limit; it writes, mapping by mapping, the pages dirtied longer ago than
// the expiry (30 s), or all of them while the cache is over the background limit. A
// mapping it works on is pinned, so that its owner's destructor waits for it.
#include "drivers/timer/clock.hh"
#include "fs/cache/internal.hh"
#include "lib/log.hh"
#include "proc/kthread.hh"
#include "proc/table.hh"
#include "proc/sched.hh"

namespace cache::detail {
namespace {

constexpr u32 RUN_MAX = 64;  // pages per write_pages call

// Marks a run of dirty pages around @p p busy and clean, with references (lock held).
// Returns its length; @p first gets its first index.
u32 take_run(Mapping& m, Page* p, u64 lo, u64 hi, Page** run, u64* first) {
    auto find_at = [&](u64 index) -> Page* {
        Page* q = find_page(m, index);
        return q && (q->flags & PG_DIRTY) ? q : nullptr;
    };
    // Back to the start of the run (bounded: the run is at most RUN_MAX long).
    u64 start = p->index;
    for (u32 i = 0; i < RUN_MAX - 1 && start > lo; ++i) {
        Page* q = find_at(start - 1);
        if (!q || (q->flags & PG_BUSY)) break;
        start--;
    }
    u32 n = 0;
    for (u64 index = start; n < RUN_MAX && index <= hi; ++index) {
        Page* q = index == p->index ? p : find_at(index);
        if (!q || (q->flags & PG_BUSY)) break;
        run[n++] = q;
    }
    for (u32 i = 0; i < n; ++i) {
        Page* q = run[i];
        q->flags = (q->flags & ~PG_DIRTY) | PG_BUSY;
        m.dirty.remove(*q);
        --m.nr_dirty;
        --counters().dirty;
        ++q->refs;
    }
    if (!m.nr_dirty && m.dirty_node.linked()) dirty_mappings().remove(m);
    *first = start;
    return n;
}

}  // namespace

Result<void> write_dirty(Mapping& m, u64 lo, u64 hi, u64 cutoff_ns, bool by_thread) {
    Result<void> result{};
    SpinLock& l = lock();
    for (;;) {
        Page* run[RUN_MAX];
        u64 first = 0;
        u32 n = 0;
        {
            SpinLockGuard g(l);
            Page* start = nullptr;
            for (Page& p : m.dirty) {
                if (cutoff_ns != WHOLE && p.dirtied_ns > cutoff_ns) break;  // oldest first
                if (p.index >= lo && p.index <= hi && !(p.flags & PG_BUSY)) {
                    start = &p;
                    break;
                }
            }
            if (!start) break;
            n = take_run(m, start, lo, hi, run, &first);
        }
        u8* data[RUN_MAX];
        for (u32 i = 0; i < n; ++i) data[i] = run[i]->data;
        auto r = m.ops->write_pages(m, first, n, data);
        counters().written += n;
        if (by_thread) counters().written_by_thread += n;
        SpinLockGuard g(l);
        for (u32 i = 0; i < n; ++i) {
            Page* p = run[i];
            p->flags &= ~PG_BUSY;
            --p->refs;  // (still in the cache: drop_range waits for busy pages)
        }
        if (r.is_error()) {
            m.wb_error = EIO;
            if (!result.is_error()) result = Error(r.error());
            klog::warn("page cache: writing pages {}..{} failed (errno {})", first, first + n - 1,
                       r.error());
        }
        proc::wake_all(page_waiters());
    }
    return result;
}

namespace {

void flusher(void*) {
    SpinLock& l = lock();
    for (;;) {
        {
            SpinLockGuard g(l);
            if (counters().dirty <= counters().background_limit)
                proc::sleep_on_until(flusher_waiters(), l,
                                     ktime::now_ns() + counters().period_ns.load());
        }
        u64 now = ktime::now_ns();
        usize rounds;
        {
            SpinLockGuard g(l);
            rounds = dirty_mappings().size();
        }
        while (rounds--) {
            Mapping* m = nullptr;
            u64 cutoff;
            {
                SpinLockGuard g(l);
                bool over = counters().dirty > counters().background_limit;
                u64 expire = counters().expire_ns.load();
                cutoff = over ? WHOLE : (now > expire ? now - expire : 0);
                m = dirty_mappings().front();
                if (!m) break;
                // Next time, the next mapping (round robin).
                dirty_mappings().remove(*m);
                dirty_mappings().push_back(*m);
                Page* oldest = m->dirty.front();
                if (cutoff != WHOLE && (!oldest || oldest->dirtied_ns > cutoff)) continue;
                ++m->pins;
            }
            {
                MutexGuard io(m->io);
                (void)write_dirty(*m, 0, WHOLE, cutoff, true);  // errors wait for fsync
            }
            SpinLockGuard g(l);
            if (--m->pins == 0) proc::wake_all(page_waiters());
        }
    }
}

}  // namespace

Result<void> start_flusher() {
    proc::Task* t = TRY(proc::kthread_create("writeback", flusher, nullptr));
    proc::task_put(t);
    return {};
}

}  // namespace cache::detail
