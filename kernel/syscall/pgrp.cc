// kernel/syscall/pgrp.cc — process groups and sessions: setpgid, getpgid, getpgrp, setsid, getsid.
//
// Every process is in a process group (pgid) inside a session (sid); fork copies both,
// and kill(-pgid) reaches a whole group. The rules are Linux's: a process may move
// itself or a child that has not left its session into a group of its own session (or
// a new group named after the mover); a session leader cannot move; setsid makes a new
// session and group, both named after the caller, unless a group of that name exists.
// The tree lock guards pgid and sid.
#include "proc/process.hh"
#include "proc/table.hh"
#include "syscall/handlers.hh"

namespace syscalls {
// LAB_BEGIN(04-clone, 5): process groups and sessions: setpgid, getpgid, getpgrp, setsid, getsid, with Linux's rules
namespace {

// The process @p pid (0: the caller); tree lock held.
proc::Task* process(proc::pid_t pid) {
    proc::Task* me = proc::current();
    if (pid == 0) return me;
    proc::Task* t = pid > 0 ? proc::table_find(pid) : nullptr;
    return t && !t->is_idle ? t : nullptr;
}

}  // namespace

Result<u64> sys_setpgid(int pid, int pgid) {
    if (pgid < 0) return Error(EINVAL);
    proc::Task* me = proc::current();
    SpinLockGuard g(proc::tree_lock());
    proc::Task* p = process(pid);
    if (!p || p->tid != p->tgid) return Error(ESRCH);
    if (p->tgid != me->tgid && p->parent != me) return Error(ESRCH);
    if (p->tgid != me->tgid && p->sid != me->sid) return Error(EPERM);
    if (p->sid == p->tgid) return Error(EPERM);  // a session leader
    if (pgid == 0) pgid = p->tgid;
    if (pgid != p->tgid) {  // an existing group of the caller's session
        bool found = false;
        for (proc::Task& t : proc::all_tasks())
            if (t.pgid == pgid && t.sid == me->sid) found = true;  // a zombie counts until reaped
        if (!found) return Error(EPERM);
    }
    for (proc::Task& t : proc::all_tasks())
        if (t.tgid == p->tgid) t.pgid = pgid;
    return 0;
}

Result<u64> sys_getpgid(int pid) {
    SpinLockGuard g(proc::tree_lock());
    proc::Task* p = process(pid);
    if (!p) return Error(ESRCH);
    return u64(p->pgid);
}

Result<u64> sys_getpgrp() { return sys_getpgid(0); }

Result<u64> sys_setsid() {
    proc::Task* me = proc::current();
    SpinLockGuard g(proc::tree_lock());
    for (proc::Task& t : proc::all_tasks())
        if (t.pgid == me->tgid) return Error(EPERM);  // a group of that name exists
    for (proc::Task& t : proc::all_tasks())
        if (t.tgid == me->tgid) t.pgid = t.sid = me->tgid;
    return u64(me->tgid);
}

Result<u64> sys_getsid(int pid) {
    SpinLockGuard g(proc::tree_lock());
    proc::Task* p = process(pid);
    if (!p) return Error(ESRCH);
    return u64(p->sid);
}
// LAB_FALLBACK
// LAB_END

}  // namespace syscalls
