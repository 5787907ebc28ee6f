// kernel/proc/job_control.cc — process groups as terminals and exit see them: signalling
// a group, the orphaned-group test and its SIGHUP/SIGCONT at exit (job_control.hh).
#include "proc/job_control.hh"

#include "proc/process.hh"
#include "proc/signal.hh"
#include "proc/table.hh"
#include "proc/thread_group.hh"

namespace proc {
namespace {

constexpr int SIGHUP = 1, SIGCONT = 18;

// A process (its leader's task) that has not ended.
bool live_process(const Task& t) {
    return !t.is_idle && t.tid == t.tgid && t.state != State::Zombie && !t.exited;
}

// Whether group @p pgid is orphaned when process @p gone (or none) is not counted, as
// a member or as a parent; tree lock held.
bool orphaned_locked(pid_t pgid, const Task* gone) {
    for (Task& t : all_tasks()) {
        if (!live_process(t) || &t == gone || t.pgid != pgid) continue;
        const Task* p = t.parent;
        if (p && p != gone && p->pgid != pgid && p->sid == t.sid) return false;
    }
    return true;
}

// Whether a live process of group @p pgid is stopped; tree lock held.
bool has_stopped(pid_t pgid, const Task* gone) {
    for (Task& t : all_tasks()) {
        if (!live_process(t) || &t == gone || t.pgid != pgid) continue;
        SpinLockGuard g(t.sig.handlers->lock);
        if (t.sig.group->stopped) return true;
    }
    return false;
}

// Sends @p sig to group @p pgid; tree lock held.
void signal_group_locked(pid_t pgid, int sig) {
    SigInfo info;
    info.signo = sig;
    info.code = SI_KERNEL;
    for (Task& t : all_tasks())
        if (live_process(t) && t.pgid == pgid) (void)send_signal(&t, info, true);
}

// SIGHUP then SIGCONT to @p pgid if @p me's end leaves it orphaned with a stopped member.
void hang_up_if_orphaned(pid_t pgid, Task* me) {
    if (orphaned_locked(pgid, me) && has_stopped(pgid, me)) {
        signal_group_locked(pgid, SIGHUP);
        signal_group_locked(pgid, SIGCONT);
    }
}

}  // namespace

void signal_group(pid_t pgid, int sig) {
    SpinLockGuard g(tree_lock());
    signal_group_locked(pgid, sig);
}

bool group_orphaned(pid_t pgid) {
    SpinLockGuard g(tree_lock());
    return orphaned_locked(pgid, nullptr);
}

pid_t group_session(pid_t pgid) {
    SpinLockGuard g(tree_lock());
    for (Task& t : all_tasks())  // a zombie is a member until it is reaped (Linux's pid)
        if (!t.is_idle && t.tid == t.tgid && t.pgid == pgid) return t.sid;
    return -1;
}

bool ignores_or_blocks(int sig) {
    Task* me = current();
    SpinLockGuard g(me->sig.handlers->lock);
    return (me->sig.blocked & sigmask(sig)) ||
           me->sig.handlers->actions[sig - 1].handler == SIG_IGN;
}

void orphaned_groups_at_exit(Task* me) {
    // Its own group, if its parent was the link that kept the group attached.
    const Task* p = me->parent;
    if (p && p->pgid != me->pgid && p->sid == me->sid) hang_up_if_orphaned(me->pgid, me);
    // Its children's groups, for which it was the link.
    for (Task& child : me->children)
        if (child.pgid != me->pgid && child.sid == me->sid) hang_up_if_orphaned(child.pgid, me);
}

}  // namespace proc
