// kernel/proc/signal_parent.cc — what a parent learns about its children: SIGCHLD and wait4 reports.
//
// A child that exits, is killed, stops or continues sends its parent SIGCHLD with a
// siginfo saying which (CLD_EXITED, CLD_KILLED, CLD_DUMPED, CLD_STOPPED, CLD_CONTINUED),
// unless the parent's SIGCHLD action says otherwise: SA_NOCLDSTOP drops the stop and
// continue ones; SIG_IGN or SA_NOCLDWAIT make the child reap itself (no zombie; wait4
// then waits for the other children and ends with ECHILD). A stop or continue is also
// recorded for the parent's wait4 with WUNTRACED or
// WCONTINUED (the thread group's report, thread_group.hh), which wait consumes.
#include "proc/process.hh"
#include "proc/sched.hh"
#include "proc/signal_impl.hh"
#include "proc/thread_group.hh"

namespace proc {
namespace {

// Tree lock held.
void send_sigchld(Task* child, int code, int status, int signo = SIGCHLD) {
    Task* parent = child->parent;
    if (!parent || !parent->sig.handlers || signo <= 0) return;
    SigInfo info;
    info.signo = signo;
    info.code = code;
    info.chld.pid = child->tgid;
    info.chld.uid = child->cred.uid;
    info.chld.status = status;
    (void)send_signal(parent, info, true);
}

u64 sigchld_flags(Task* parent, u64* handler) {
    SpinLockGuard g(parent->sig.handlers->lock);
    const SigAction& a = parent->sig.handlers->actions[SIGCHLD - 1];
    *handler = a.handler;
    return a.flags;
}

void report(Task* t, StopReport what, int sig) {
    Task* leader = t;
    SpinLockGuard g(tree_lock());
    if (t->tid != t->tgid)
        if (Task* l = table_find(t->tgid)) leader = l;
    // wait4/waitid read the report from the thread group (proc/exit.cc's consider()).
    if (what == StopReport::Stopped) report_stopped(leader, sig);
    else report_continued(leader);
    Task* parent = leader->parent;
    if (!parent) return;
    u64 handler;
    if (sigchld_flags(parent, &handler) & SA_NOCLDSTOP) return;
    send_sigchld(leader, what == StopReport::Stopped ? CLD_STOPPED : CLD_CONTINUED,
                 what == StopReport::Stopped ? sig : SIGCONT);
}

}  // namespace

void notify_parent_stopped(Task* t, int sig) { report(t, StopReport::Stopped, sig); }
void notify_parent_continued(Task* t) { report(t, StopReport::Continued, SIGCONT); }

bool notify_parent_exit(Task* t, int status) {
    Task* parent = t->parent;
    if (!parent || !parent->sig.handlers) return false;
    u64 handler;
    u64 flags = sigchld_flags(parent, &handler);
    // The exit signal is clone's choice (SIGCHLD for fork); only a SIGCHLD child is
    // reaped by nobody when the parent ignores SIGCHLD or set SA_NOCLDWAIT (Linux's rule).
    int signo = t->exit_signal;
    bool autoreap = signo == SIGCHLD && (handler == SIG_IGN || (flags & SA_NOCLDWAIT));
    int sig = status & 0x7f;
    if (sig == 0) send_sigchld(t, CLD_EXITED, (status >> 8) & 0xff, signo);
    else send_sigchld(t, status & 0x80 ? CLD_DUMPED : CLD_KILLED, sig, signo);
    return autoreap;
}

}  // namespace proc
