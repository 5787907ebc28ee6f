// kernel/proc/signal.cc — sending signals: pending sets, stop/continue side effects, kill.
//
// send_signal() is Linux's __send_signal and complete_signal in one: with the tree lock
// held (it keeps the target and its threads alive) it takes the target's siglock, applies
// the side effects every stop signal and SIGCONT have even when caught (a stop signal
// drops a pending SIGCONT; SIGCONT drops pending stop signals and ends a group stop),
// drops a signal the target ignores, queues its SigInfo on the thread's or the process's
// pending set, and wakes a thread that does not block it. The target notices on its way
// back to user mode (proc/signal_deliver.cc); a sleep it is in ends early (EINTR or a
// restart, see signal_pending()).
#include "proc/signal.hh"

#include "arch/x86_64/cpu.hh"
#include "lib/log.hh"
#include "lib/string.hh"
#include "mm/heap.hh"
#include "proc/process.hh"
#include "proc/sched.hh"
#include "proc/signal_impl.hh"
#include "proc/signal_timer.hh"
#include "proc/table.hh"

namespace proc {
namespace {

constexpr u64 STOP_SIGNALS =
    sigmask(SIGSTOP) | sigmask(SIGTSTP) | sigmask(SIGTTIN) | sigmask(SIGTTOU);
// Signals queued beyond this many (all tasks together) are refused (EAGAIN for a
// real-time signal, the bit alone for a standard one): Linux's RLIMIT_SIGPENDING.
constexpr u32 MAX_QUEUED = 8192;
std::atomic<u32> queued{0};

void free_queued(SigQueued* q) {
    mm::destroy(q);
    queued.fetch_sub(1, std::memory_order_relaxed);
}

// Drops every signal of @p mask from @p p.
void flush(SigPending& p, u64 mask) {
    for (auto it = p.queue.begin(); it != p.queue.end();) {
        SigQueued& q = *it;
        ++it;
        if (mask & sigmask(q.info.signo)) {
            p.queue.remove(q);
            free_queued(&q);
        }
    }
    p.set &= ~mask;
}

bool ignored(Task* t, int sig) {
    // A blocked signal is kept: the action may change before it is unblocked.
    if ((t->sig.blocked | t->sig.real_blocked) & sigmask(sig)) return false;
    u64 handler = t->sig.handlers->actions[sig - 1].handler;
    if (handler == SIG_IGN) return sig != SIGKILL && sig != SIGSTOP;
    return handler == SIG_DFL && default_action(sig) == DefaultAction::Ignore;
}

SpinLock signalfd_lock("signalfd");
WaitQueue signalfd_waiters;

// Makes @p t look at its pending signals soon: wakes it if it sleeps (its sleep ends
// early); a task running user code notices at its next tick or system call.
void kick(Task* t) {
    if (t->state != State::Zombie) wake_task(t);
}

// Queues @p info on @p t's pending set (its process's when @p group) and picks a thread
// to wake; siglock held. Sets @p wake_group for SIGKILL.
Result<void> enqueue(Task* t, const SigInfo& info, bool group, bool& wake_group) {
    int sig = info.signo;
    SignalGroup* grp = t->sig.group;
    SigPending& p = group ? grp->shared : t->sig.pending;
    bool rt = sig >= SIGRTMIN;
    if (!rt && (p.set & sigmask(sig))) return {};  // one instance of a standard signal
    SigQueued* q = nullptr;
    if (queued.fetch_add(1, std::memory_order_relaxed) < MAX_QUEUED) {
        auto made = mm::make<SigQueued>();
        if (!made.is_error()) q = made.value();
    }
    if (!q) {
        queued.fetch_sub(1, std::memory_order_relaxed);
        if (rt && info.code != SI_KERNEL) return Error(EAGAIN);
    } else {
        q->info = info;
        p.queue.push_back(*q);
    }
    p.set |= sigmask(sig);
    {
        SpinLockGuard g(signalfd_lock);
        signalfd_waiters.wake_all();  // signalfd readers and pollers look again
    }
    if (sig == SIGKILL) {
        // Every thread dies: SIGKILL pending in each, each woken (a stopped one too).
        for_each_thread(t, [](Task& x) { x.sig.pending.set |= sigmask(SIGKILL); });
        grp->stopped = false;
        wake_group = true;
    } else if (!group) {
        if (!(t->sig.blocked & sigmask(sig))) kick(t);
    } else {
        // A thread that can take it: @p t itself if it can, else another.
        Task* taker = nullptr;
        if (!(t->sig.blocked & sigmask(sig))) taker = t;
        else
            for_each_thread(t, [&](Task& x) {
                if (!taker && !(x.sig.blocked & sigmask(sig))) taker = &x;
            });
        if (taker) kick(taker);
    }
    return {};
}

}  // namespace

DefaultAction default_action(int sig) {
    switch (sig) {
    case SIGQUIT:
    case SIGILL:
    case SIGTRAP:
    case SIGABRT:
    case SIGBUS:
    case SIGFPE:
    case SIGSEGV:
    case SIGXCPU:
    case SIGXFSZ:
    case SIGSYS:
        return DefaultAction::Core;
    case SIGCHLD:
    case SIGURG:
    case SIGWINCH:
    case SIGCONT:
        return DefaultAction::Ignore;
    case SIGSTOP:
    case SIGTSTP:
    case SIGTTIN:
    case SIGTTOU:
        return DefaultAction::Stop;
    default:
        return DefaultAction::Terminate;
    }
}

// --- life cycle -------------------------------------------------------------------------

void signal_kill_thread(Task* t) {
    {
        SpinLockGuard g(t->sig.handlers->lock);
        t->sig.pending.set |= sigmask(SIGKILL);
    }
    kick(t);
}

Result<void> signal_task_init(Task* t) {
    t->sig.handlers = TRY(mm::make<SignalHandlers>());
    auto group = mm::make<SignalGroup>();
    if (group.is_error()) {
        mm::destroy(t->sig.handlers);
        t->sig.handlers = nullptr;
        return Error(group.error());
    }
    t->sig.group = group.value();
    return {};
}

namespace {

void put_handlers(SignalHandlers* h) {
    if (h && h->refs.fetch_sub(1, std::memory_order_acq_rel) == 1) mm::destroy(h);
}

void put_group(SignalGroup* g) {
    if (!g || g->refs.fetch_sub(1, std::memory_order_acq_rel) != 1) return;
    flush(g->shared, ~0ull);
    signal_timers_release(g);
    mm::destroy(g);
}

}  // namespace

void signal_task_free(Task* t) {
    flush(t->sig.pending, ~0ull);
    put_handlers(t->sig.handlers);
    put_group(t->sig.group);
    t->sig.handlers = nullptr;
    t->sig.group = nullptr;
}

void signal_handlers_share(Task* child, Task* parent) {
    parent->sig.handlers->refs.fetch_add(1, std::memory_order_relaxed);
    put_handlers(child->sig.handlers);
    child->sig.handlers = parent->sig.handlers;
}

Result<void> signal_handlers_copy(Task* child, Task* parent) {
    SignalHandlers* h = child->sig.handlers;
    if (h == parent->sig.handlers || h->refs.load() != 1) {
        h = TRY(mm::make<SignalHandlers>());
        put_handlers(child->sig.handlers);
        child->sig.handlers = h;
    }
    SpinLockGuard g(parent->sig.handlers->lock);
    memcpy(h->actions, parent->sig.handlers->actions, sizeof h->actions);
    return {};
}

void signal_group_share(Task* child, Task* parent) {
    parent->sig.group->refs.fetch_add(1, std::memory_order_relaxed);
    parent->sig.group->live.fetch_add(1, std::memory_order_relaxed);
    put_group(child->sig.group);
    child->sig.group = parent->sig.group;
}

void signal_inherit(Task* child, Task* parent, bool shares_vm) {
    child->sig.blocked = parent->sig.blocked;
    if (!shares_vm) child->sig.altstack = parent->sig.altstack;
}

Result<void> signal_exec(Task* t) {
    if (t->sig.handlers->refs.load() != 1) {  // unshared first (Linux's de_thread)
        SignalHandlers* h = TRY(mm::make<SignalHandlers>());
        {
            SpinLockGuard g(t->sig.handlers->lock);
            memcpy(h->actions, t->sig.handlers->actions, sizeof h->actions);
        }
        SpinLockGuard tree(tree_lock());  // senders read t->sig.handlers under it
        put_handlers(t->sig.handlers);
        t->sig.handlers = h;
    }
    SpinLockGuard g(t->sig.handlers->lock);
    for (SigAction& a : t->sig.handlers->actions)
        if (a.handler != SIG_IGN) a = SigAction{};
    t->sig.altstack = AltStack{};
    return {};
}

void signal_exit(Task* t) {
    {
        SpinLockGuard g(t->sig.handlers->lock);
        flush(t->sig.pending, ~0ull);
    }
    if (t->sig.group->live.fetch_sub(1, std::memory_order_acq_rel) == 1)
        signal_timers_release(t->sig.group);  // the last thread: no more alarms
}

// --- sending ----------------------------------------------------------------------------

SigInfo siginfo_from_current(int sig, int code) {
    SigInfo info;
    info.signo = sig;
    info.code = code;
    Task* me = current();
    info.kill.pid = me->tgid;
    info.kill.uid = me->cred.uid;
    return info;
}

//! [send_signal]
Result<void> send_signal(Task* t, const SigInfo& info, bool group) {
    int sig = info.signo;
    if (t->state == State::Zombie || !t->sig.handlers) return {};
    SignalHandlers* h = t->sig.handlers;
    SignalGroup* grp = t->sig.group;
    bool wake_group = false;
    {
        SpinLockGuard g(h->lock);
        // Side effects that happen whatever the action (Linux's prepare_signal).
        if (STOP_SIGNALS & sigmask(sig)) {
            flush(grp->shared, sigmask(SIGCONT));
            for_each_thread(t, [](Task& x) { flush(x.sig.pending, sigmask(SIGCONT)); });
        } else if (sig == SIGCONT) {
            flush(grp->shared, STOP_SIGNALS);
            for_each_thread(t, [](Task& x) { flush(x.sig.pending, STOP_SIGNALS); });
            if (grp->stopped) {
                grp->stopped = false;
                grp->notify_continued = true;
                wake_group = true;
            }
        }
        // Init (pid 1) gets only the signals it has a handler for (Linux's
        // SIGNAL_UNKILLABLE), unless the kernel sends them.
        bool init_protected =
            t->tgid == 1 && info.code != SI_KERNEL && h->actions[sig - 1].handler == SIG_DFL;
        Result<void> r;
        if (!ignored(t, sig) && !init_protected) r = enqueue(t, info, group, wake_group);
        if (r.is_error()) return r;
    }
    if (wake_group) for_each_thread(t, [](Task& x) { kick(&x); });
    return {};
}
//! [send_signal]

void send_kernel_signal(Task* t, int sig) {
    SigInfo info;
    info.signo = sig;
    info.code = SI_KERNEL;
    (void)send_signal(t, info, true);
}

void force_signal(const SigInfo& info) {
    Task* t = current();
    int sig = info.signo;
    {
        SpinLockGuard g(t->sig.handlers->lock);
        SigAction& a = t->sig.handlers->actions[sig - 1];
        bool blocked = t->sig.blocked & sigmask(sig);
        if (a.handler == SIG_IGN || blocked) {
            // A handler cannot run: the default action (death) it is.
            a.handler = SIG_DFL;
            t->sig.blocked &= ~sigmask(sig);
        }
    }
    SpinLockGuard tree(tree_lock());
    SigInfo copy = info;
    copy.code = info.code ? info.code : SI_KERNEL;
    // A forced signal is always queued, even when one is pending already.
    {
        SpinLockGuard g(t->sig.handlers->lock);
        flush(t->sig.pending, sigmask(sig));
    }
    (void)send_signal(t, copy, false);
}

void force_signal(int sig) {
    SigInfo info;
    info.signo = sig;
    info.code = SI_KERNEL;
    force_signal(info);
}

Result<void> send_to_thread(pid_t tgid, pid_t tid, const SigInfo& info) {
    if (tid <= 0) return Error(EINVAL);
    SpinLockGuard g(tree_lock());
    Task* t = table_find(tid);
    if (!t || (tgid > 0 && t->tgid != tgid)) return Error(ESRCH);
    if (info.signo < 0 || info.signo > NSIG) return Error(EINVAL);
    if (!info.signo) return {};
    return send_signal(t, info, false);
}

Result<void> send_to_process(pid_t pid, const SigInfo& info) {
    SpinLockGuard g(tree_lock());
    Task* t = pid > 0 ? table_find(pid) : nullptr;
    if (!t) return Error(ESRCH);
    if (info.signo < 0 || info.signo > NSIG) return Error(EINVAL);
    if (!info.signo) return {};
    return send_signal(t, info, true);
}

// --- the receiving side -----------------------------------------------------------------

bool signal_pending_locked(Task* t) {
    u64 pending = t->sig.pending.set | t->sig.group->shared.set;
    return (pending & (~t->sig.blocked | sigmask(SIGKILL))) || t->sig.group->stopped ||
           t->sig.group->notify_continued;
}

bool signal_maybe_pending(Task* t) {
    if (!t->sig.handlers) return false;
    u64 pending = __atomic_load_n(&t->sig.pending.set, __ATOMIC_RELAXED) |
                  __atomic_load_n(&t->sig.group->shared.set, __ATOMIC_RELAXED);
    u64 blocked = __atomic_load_n(&t->sig.blocked, __ATOMIC_RELAXED);
    return pending & (~blocked | sigmask(SIGKILL));
}

bool signal_pending() {
    Task* t = current();
    if (!t || !t->sig.handlers) return false;
    SpinLockGuard g(t->sig.handlers->lock);
    return signal_pending_locked(t);
}

SigAction set_action(int sig, const SigAction* act) {
    Task* t = current();
    SpinLockGuard tree(tree_lock());
    SpinLockGuard g(t->sig.handlers->lock);
    SigAction& a = t->sig.handlers->actions[sig - 1];
    SigAction old = a;
    if (!act) return old;
    a = *act;
    a.mask &= ~UNBLOCKABLE;
    bool ignores = a.handler == SIG_IGN ||
                   (a.handler == SIG_DFL && default_action(sig) == DefaultAction::Ignore);
    if (ignores) {  // POSIX: pending instances are discarded
        flush(t->sig.group->shared, sigmask(sig));
        for_each_thread(t, [&](Task& x) { flush(x.sig.pending, sigmask(sig)); });
    }
    return old;
}

int dequeue_signal_current(u64 wanted, SigInfo& out) {
    Task* t = current();
    SpinLockGuard g(t->sig.handlers->lock);
    return dequeue_signal(t, wanted, out);
}

void set_blocked_waiting(u64 mask, u64 real_blocked) {
    Task* t = current();
    SpinLockGuard g(t->sig.handlers->lock);
    t->sig.blocked = mask & ~UNBLOCKABLE;
    t->sig.real_blocked = real_blocked;
}

WaitQueue& signalfd_queue() { return signalfd_waiters; }
SpinLock& signalfd_queue_lock() { return signalfd_lock; }

bool must_die() { return signal_pending(); }

u64 pending_set() {
    Task* t = current();
    SpinLockGuard g(t->sig.handlers->lock);
    return (t->sig.pending.set | t->sig.group->shared.set) & t->sig.blocked;
}

namespace {

constexpr u64 SYNCHRONOUS = sigmask(SIGSEGV) | sigmask(SIGBUS) | sigmask(SIGILL) |
                            sigmask(SIGTRAP) | sigmask(SIGFPE) | sigmask(SIGSYS);

int take(SigPending& p, u64 wanted, SigInfo& out) {
    u64 avail = p.set & wanted;
    if (!avail) return 0;
    u64 sync = avail & SYNCHRONOUS;
    int sig = __builtin_ctzll(sync ? sync : avail) + 1;
    SigQueued* found = nullptr;
    bool more = false;
    for (SigQueued& q : p.queue) {
        if (q.info.signo != sig) continue;
        if (found) {
            more = true;
            break;
        }
        found = &q;
    }
    if (found) {
        out = found->info;
        p.queue.remove(*found);
        free_queued(found);
    } else {  // the queue was full when it was sent: what Linux reports then
        out = SigInfo{};
        out.signo = sig;
        out.code = SI_USER;
    }
    if (!more) p.set &= ~sigmask(sig);
    return sig;
}

}  // namespace

int dequeue_signal(Task* t, u64 wanted, SigInfo& out) {
    int sig = take(t->sig.pending, wanted, out);
    if (!sig) sig = take(t->sig.group->shared, wanted, out);
    if (sig && out.code == SI_TIMER) timer_signal_taken(t->sig.group, out);
    return sig;
}

void set_blocked(u64 mask) {
    Task* t = current();
    mask &= ~UNBLOCKABLE;
    SpinLockGuard tree(tree_lock());
    SpinLockGuard g(t->sig.handlers->lock);
    u64 newly = mask & ~t->sig.blocked;
    t->sig.blocked = mask;
    // Process-directed signals this thread now blocks go to a thread that does not.
    u64 shared = t->sig.group->shared.set & newly;
    if (!shared) return;
    for_each_thread(t, [&](Task& x) {
        if (&x != t && (shared & ~x.sig.blocked)) kick(&x);
    });
}

}  // namespace proc

namespace proc {
// LAB_BEGIN(03-processes, 5): kill: find the targets, apply the default action (terminate or ignore), wake them
//! [kill]
Result<void> kill(pid_t pid, int sig) {
    // As Linux: the target is looked up first, so a bad signal number to nobody is
    // ESRCH, and EINVAL only once a target exists. -INT_MIN is no process group.
    bool valid = sig >= 0 && sig <= NSIG;
    if (pid == INT32_MIN) return Error(ESRCH);
    Task* me = current();
    SigInfo info = siginfo_from_current(valid ? sig : 0, SI_USER);
    SpinLockGuard g(tree_lock());
    bool found = false;
    if (pid > 0) {
        Task* t = table_find(pid);
        if (!t) return Error(ESRCH);
        if (!valid) return Error(EINVAL);
        found = true;
        if (sig) TRY(send_signal(t, info, true));
    } else {
        if (!valid) sig = 0;  // look for the targets only
        pid_t group = pid == 0 ? me->pgid : -pid;
        for (Task& t : all_tasks()) {
            if (t.is_idle || t.tid != t.tgid) continue;  // each process once
            if (pid == -1 ? (t.tid == 1 || t.tgid == me->tgid) : t.pgid != group) continue;
            found = true;
            if (sig) (void)send_signal(&t, info, true);
        }
        if (pid == -1 && sig) {  // kill(-1) reaches the caller too
            found = true;
            (void)send_signal(me, info, true);
        }
    }
    if (!found) return Error(ESRCH);
    if (!valid) return Error(EINVAL);
    return {};
}
//! [kill]
// LAB_FALLBACK
// Result<void> kill(pid_t, int) { return Error(ESRCH); }
// LAB_END
}  // namespace proc
