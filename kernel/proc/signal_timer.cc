// kernel/proc/signal_timer.cc — ITIMER_REAL and POSIX timers on callback timers (signal_timer.hh).
#include "proc/signal_timer.hh"

#include "drivers/timer/clock.hh"
#include "mm/heap.hh"
#include "proc/process.hh"
#include "proc/table.hh"

namespace proc {
namespace {

constexpr int MAX_TIMERS = 1024;  // per process (Linux: RLIMIT_SIGPENDING bounds them)

// Siglock held.
PosixTimer* find(SignalGroup* g, int id) {
    for (PosixTimer* p = g->timers; p; p = p->next)
        if (p->id == id) return p;
    return nullptr;
}

// Disarms @p p for good: after this its callback neither runs nor starts it again.
void stop(PosixTimer* p) {
    do timer_cancel(p->timer);
    while (timer_pending(p->timer));
}

// The callback (the tick, interrupts off, no lock held).
void fired(Timer& timer) {
    PosixTimer* p = timer.container(&PosixTimer::timer);
    SpinLockGuard tree(tree_lock());
    Task* leader = table_find(p->tgid);
    if (!leader || !leader->sig.handlers || leader->sig.group != p->group) return;
    SigInfo info;
    bool send = false;
    Task* target = leader;
    {
        SpinLockGuard g(leader->sig.handlers->lock);
        if (p->dead || !p->expires_ns) return;
        u64 now = ktime::now_ns();
        if (p->interval_ns) {  // the next period; missed ones are overruns
            u64 missed = (now - p->expires_ns) / p->interval_ns;
            p->expires_ns += (missed + 1) * p->interval_ns;
            if (p->queued) p->overrun += int(missed + 1);
            else p->overrun += int(missed);
            timer_start(p->timer, p->expires_ns);
        } else {
            if (p->queued) ++p->overrun;
            p->expires_ns = 0;
        }
        if (p->notify != SIGEV_NONE && !p->queued) {
            send = true;
            p->queued = p->id != ITIMER_REAL_ID;
            info.signo = p->signo;
            if (p->id == ITIMER_REAL_ID) {
                info.code = SI_KERNEL;
            } else {
                info.code = SI_TIMER;
                info.timer.tid = p->id;
                info.timer.value = p->value;
            }
        }
    }
    if (!send) return;
    if (p->notify == SIGEV_THREAD_ID) {
        Task* t = table_find(p->tid);
        if (t && t->tgid == p->tgid) target = t;
    }
    (void)send_signal(target, info, p->notify != SIGEV_THREAD_ID);
}

Result<PosixTimer*> make(Task* t, int id) {
    PosixTimer* p = TRY(mm::make<PosixTimer>());
    p->timer.fn = fired;
    p->group = t->sig.group;
    p->tgid = t->tgid;
    p->id = id;
    return p;
}

}  // namespace

Result<int> timer_create(int clock, int notify, int signo, u64 value, pid_t tid) {
    Task* t = current();
    SignalGroup* g = t->sig.group;
    PosixTimer* p = TRY(make(t, 0));
    p->clock = clock, p->notify = notify, p->signo = signo, p->value = value, p->tid = tid;
    SpinLockGuard guard(t->sig.handlers->lock);
    int id = 0;
    while (id < MAX_TIMERS && find(g, id)) ++id;
    if (id == MAX_TIMERS) {
        mm::destroy(p);
        return Error(EAGAIN);
    }
    p->id = id;
    if (notify == SIGEV_SIGNAL && value == ~0ull) p->value = u64(id);  // no sigevent given
    p->next = g->timers;
    g->timers = p;
    return id;
}

Result<void> timer_set(int id, u64 value_ns, u64 interval_ns, TimerValue* old) {
    Task* t = current();
    SignalGroup* g = t->sig.group;
    PosixTimer* fresh = nullptr;
    if (id == ITIMER_REAL_ID) {
        fresh = TRY(make(t, id));
        fresh->signo = SIGALRM;
    }
    SpinLock& lock = t->sig.handlers->lock;
    PosixTimer* p;
    {
        SpinLockGuard guard(lock);
        p = find(g, id);
        if (!p && !fresh) return Error(EINVAL);
        if (!p) {
            p = fresh;
            fresh = nullptr;
            p->next = g->timers;
            g->timers = p;
        }
        u64 now = ktime::now_ns();
        if (old) {
            old->value_ns = p->expires_ns > now ? p->expires_ns - now : p->expires_ns ? 1 : 0;
            old->interval_ns = p->interval_ns;
        }
        p->expires_ns = 0;  // a callback that runs from now on does nothing
    }
    if (fresh) mm::destroy(fresh);
    // Not under the siglock: the callback takes it, and cancel waits for the callback.
    stop(p);
    SpinLockGuard guard(lock);
    p->interval_ns = value_ns ? interval_ns : 0;
    p->expires_ns = value_ns ? ktime::now_ns() + value_ns : 0;
    p->overrun = 0;
    if (value_ns) timer_start(p->timer, p->expires_ns);
    return {};
}

Result<TimerValue> timer_get(int id) {
    Task* t = current();
    SpinLockGuard guard(t->sig.handlers->lock);
    PosixTimer* p = find(t->sig.group, id);
    if (!p) {
        if (id == ITIMER_REAL_ID) return TimerValue{};
        return Error(EINVAL);
    }
    u64 now = ktime::now_ns();
    TimerValue v;
    if (p->expires_ns) v.value_ns = p->expires_ns > now ? p->expires_ns - now : 1;
    v.interval_ns = p->interval_ns;
    return v;
}

namespace {

// One int field of the calling process's timer @p id (0 and up). EINVAL.
Result<int> timer_field(int id, int PosixTimer::*field) {
    Task* t = current();
    SpinLockGuard guard(t->sig.handlers->lock);
    PosixTimer* p = id >= 0 ? find(t->sig.group, id) : nullptr;
    if (!p) return Error(EINVAL);
    return p->*field;
}

}  // namespace

Result<int> timer_clock_of(int id) { return timer_field(id, &PosixTimer::clock); }
Result<int> timer_overrun(int id) { return timer_field(id, &PosixTimer::overrun_last); }

Result<void> timer_delete(int id) {
    Task* t = current();
    SignalGroup* g = t->sig.group;
    PosixTimer* p = nullptr;
    {
        SpinLockGuard guard(t->sig.handlers->lock);
        for (PosixTimer** at = &g->timers; *at; at = &(*at)->next) {
            if ((*at)->id != id || id < 0) continue;
            p = *at;
            *at = p->next;
            p->dead = true;
            break;
        }
    }
    if (!p) return Error(EINVAL);
    stop(p);
    mm::destroy(p);
    return {};
}

void timer_signal_taken(SignalGroup* group, SigInfo& info) {
    PosixTimer* p = find(group, info.timer.tid);
    if (!p) return;
    p->overrun_last = p->overrun;
    p->overrun = 0;
    p->queued = false;
    info.timer.overrun = p->overrun_last;
}

void signal_timers_release(SignalGroup* group) {
    // The process's threads are gone: nothing but the callbacks reaches the timers, and
    // stop() waits for those.
    PosixTimer* list = group->timers;
    group->timers = nullptr;
    while (PosixTimer* p = list) {
        list = p->next;
        p->dead = true;
        stop(p);
        mm::destroy(p);
    }
}

}  // namespace proc
