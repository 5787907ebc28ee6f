// kernel/drivers/tty/session.cc — terminals and sessions: acquiring a controlling
// terminal, the background-group rules for reads and writes, hangup, and the list of
// terminals that says which one a session controls.
//
// A session has at most one controlling terminal and a terminal at most one session:
// the Tty records the session (and its foreground group), so the controlling terminal
// of a process is the registered terminal whose session is the process's.
#include "lib/spinlock.hh"
#include "proc/job_control.hh"
#include "proc/process.hh"
#include "proc/sched.hh"
#include "proc/signal.hh"
#include "drivers/tty/tty.hh"

namespace tty {
namespace {

constexpr int SIGHUP = 1, SIGCONT = 18, SIGTTIN = 21, SIGTTOU = 22;

SpinLock registry_lock("tty-registry");
IntrusiveList<Tty, &Tty::node> terminals;

// Whether @p t is the calling process's controlling terminal, in the background: the
// group to stop then (0: not in the background).
int background_group(Tty& t) {
    proc::Task* me = proc::current();
    SpinLockGuard g(t.lock);
    if (t.session != me->sid || t.pgrp == 0 || t.pgrp == me->pgid) return 0;
    return me->pgid;
}

}  // namespace

void register_tty(Tty& t) {
    SpinLockGuard g(registry_lock);
    terminals.push_back(t);
}

void unregister_tty(Tty& t) {
    SpinLockGuard g(registry_lock);
    if (t.node.linked()) terminals.remove(t);
}

Tty* controlling_tty(int sid) {
    if (sid <= 0) return nullptr;
    SpinLockGuard g(registry_lock);
    for (Tty& t : terminals) {
        SpinLockGuard l(t.lock);
        if (t.session == sid) return &t;
    }
    return nullptr;
}

Result<void> opened(Tty& t, bool noctty) {
    proc::Task* me = proc::current();
    bool leader = me->sid == me->tgid;
    bool has_tty = leader && !noctty && controlling_tty(me->sid);
    SpinLockGuard g(t.lock);
    if (t.hung_up) return Error(EIO);
    ++t.opens;
    if (leader && !noctty && !has_tty && t.session == 0) {
        t.session = me->sid;
        t.pgrp = me->pgid;
    }
    return {};
}

void closed(Tty& t) {
    bool last;
    {
        SpinLockGuard g(t.lock);
        if (t.opens) --t.opens;
        last = t.opens == 0;
    }
    if (last && t.driver->last_close) t.driver->last_close(t);
}

Result<void> check_read(Tty& t) {
    int pgrp = background_group(t);
    if (!pgrp) return {};
    if (proc::ignores_or_blocks(SIGTTIN) || proc::group_orphaned(pgrp)) return Error(EIO);
    proc::signal_group(pgrp, SIGTTIN);
    return Error(proc::ERESTARTSYS);
}

Result<void> check_write(Tty& t, bool change) {
    if (!change) {
        SpinLockGuard g(t.lock);
        if (!(t.termios.lflag & TOSTOP)) return {};
    }
    int pgrp = background_group(t);
    if (!pgrp || proc::ignores_or_blocks(SIGTTOU)) return {};
    if (proc::group_orphaned(pgrp)) return Error(EIO);
    proc::signal_group(pgrp, SIGTTOU);
    return Error(proc::ERESTARTSYS);
}

void hangup(Tty& t) {
    int sid, pgrp;
    {
        SpinLockGuard g(t.lock);
        t.hung_up = true;
        sid = t.session;
        pgrp = t.pgrp;
        t.session = t.pgrp = 0;
        proc::wake_all(t.readers);
    }
    // The session leader hears of it (SIGHUP, then SIGCONT in case it is stopped), and
    // so does the foreground group.
    for (int sig : {SIGHUP, SIGCONT}) {
        proc::SigInfo info;
        info.signo = sig;
        info.code = proc::SI_KERNEL;
        if (sid > 0) (void)proc::send_to_process(sid, info);
    }
    if (pgrp > 0 && pgrp != sid) {
        proc::signal_group(pgrp, SIGHUP);
        proc::signal_group(pgrp, SIGCONT);
    }
}

void session_leader_exited(int sid) {
    Tty* t = controlling_tty(sid);
    if (!t) return;
    int pgrp;
    {
        SpinLockGuard g(t->lock);
        if (t->session != sid) return;
        pgrp = t->pgrp;
        t->session = t->pgrp = 0;
    }
    if (pgrp > 0) proc::signal_group(pgrp, SIGHUP);
}

}  // namespace tty
