// kernel/drivers/tty/ioctl.cc — the terminal ioctls: termios (TCGETS, TCSETS*), window
// size (SIGWINCH on a change), queues (FIONREAD, TIOCOUTQ, TCFLSH, TCXONC) and job
// control (TIOCSCTTY, TIOCNOTTY, TIOCGPGRP, TIOCSPGRP, TIOCGSID).
#include "drivers/tty/tty.hh"
#include "proc/job_control.hh"
#include "proc/process.hh"
#include "proc/sched.hh"

namespace tty {
namespace {

constexpr u32 TCGETS = 0x5401, TCSETS = 0x5402, TCSETSW = 0x5403, TCSETSF = 0x5404, TCSBRK = 0x5409,
              TCXONC = 0x540a, TCFLSH = 0x540b, TIOCSCTTY = 0x540e, TIOCGPGRP = 0x540f,
              TIOCSPGRP = 0x5410, TIOCOUTQ = 0x5411, TIOCGWINSZ = 0x5413, TIOCSWINSZ = 0x5414,
              FIONREAD = 0x541b, TIOCNOTTY = 0x5422, TCSBRKP = 0x5425, TIOCGSID = 0x5429;
constexpr int SIGHUP = 1, SIGCONT = 18, SIGWINCH = 28;

bool is_my_ctty(Tty& t) {
    SpinLockGuard g(t.lock);
    return t.session != 0 && t.session == proc::current()->sid;
}

Result<u64> set_termios(Tty& t, u32 request, vm::UserAddr arg) {
    TRY(check_write(t, true));
    Termios n = TRY(arg.as<const Termios>().read());
    SpinLockGuard g(t.lock);
    bool was_canon = t.termios.lflag & ICANON;
    t.termios = n;
    bool canon = n.lflag & ICANON;
    if (request == TCSETSF) flush_input(t);
    if (was_canon && !canon) {  // what was typed so far is readable as it is
        usize k = 0;
        for (usize i = 0; i < t.input_len; ++i)
            if (!(t.input[i] & Tty::EOF_MARK)) t.input[k++] = t.input[i] & 0xff;
        t.input_len = t.canon_len = k;
    } else if (!was_canon && canon) {  // it becomes the line being edited
        t.canon_len = 0;
        t.line_column = t.column;
    }
    if (!(n.iflag & IXON)) t.stopped = false;
    proc::wake_all(t.readers);  // VMIN/VTIME or ICANON may make a read complete
    return 0;
}

Result<u64> set_winsize(Tty& t, vm::UserAddr arg) {
    Winsize w = TRY(arg.as<const Winsize>().read());
    int pgrp = 0;
    {
        SpinLockGuard g(t.lock);
        Winsize& old = t.winsize;
        bool changed = old.rows != w.rows || old.cols != w.cols || old.xpixel != w.xpixel ||
                       old.ypixel != w.ypixel;
        old = w;
        if (changed) pgrp = t.pgrp;
    }
    if (pgrp > 0) proc::signal_group(pgrp, SIGWINCH);
    return 0;
}

// TIOCSCTTY: a session leader without a terminal takes this one; stealing it from
// another session needs @p force and root.
Result<u64> set_ctty(Tty& t, u64 force) {
    proc::Task* me = proc::current();
    if (is_my_ctty(t)) return 0;
    if (me->sid != me->tgid || controlling_tty(me->sid)) return Error(EPERM);
    SpinLockGuard g(t.lock);
    if (t.session != 0 && !(force == 1 && me->cred.euid == 0)) return Error(EPERM);
    t.session = me->sid;
    t.pgrp = me->pgid;
    return 0;
}

// TIOCNOTTY: the caller gives its terminal up; a session leader takes it from the
// whole session, and the foreground group gets SIGHUP and SIGCONT.
Result<u64> drop_ctty(Tty& t) {
    proc::Task* me = proc::current();
    if (!is_my_ctty(t)) return Error(ENOTTY);
    if (me->sid != me->tgid) return 0;
    int pgrp;
    {
        SpinLockGuard g(t.lock);
        pgrp = t.pgrp;
        t.session = t.pgrp = 0;
    }
    if (pgrp > 0) {
        proc::signal_group(pgrp, SIGHUP);
        proc::signal_group(pgrp, SIGCONT);
    }
    return 0;
}

Result<u64> set_pgrp(Tty& t, vm::UserAddr arg) {
    TRY(check_write(t, true));
    if (!is_my_ctty(t)) return Error(ENOTTY);
    i32 pgrp = TRY(arg.as<const i32>().read());
    if (pgrp < 0) return Error(EINVAL);
    int sid = proc::group_session(pgrp);
    if (sid < 0) return Error(ESRCH);
    if (sid != proc::current()->sid) return Error(EPERM);
    SpinLockGuard g(t.lock);
    t.pgrp = pgrp;
    return 0;
}

}  // namespace

Result<u64> ioctl(Tty& t, vfs::File&, u32 request, vm::UserAddr arg) {
    switch (request) {
    case TCGETS: {
        Termios tio;
        {
            SpinLockGuard g(t.lock);
            tio = t.termios;
        }
        TRY(arg.as<Termios>().write(tio));
        return 0;
    }
    case TCSETS:
    case TCSETSW:
    case TCSETSF:
        return set_termios(t, request, arg);
    case TIOCGWINSZ: {
        Winsize w;
        {
            SpinLockGuard g(t.lock);
            w = t.winsize;
        }
        TRY(arg.as<Winsize>().write(w));
        return 0;
    }
    case TIOCSWINSZ:
        return set_winsize(t, arg);
    case FIONREAD:
    case TIOCOUTQ: {
        i32 n;
        {
            SpinLockGuard g(t.lock);
            n = request == FIONREAD        ? i32(readable_bytes(t))
                : t.driver->pending_output ? i32(t.driver->pending_output(t))
                                           : 0;
        }
        TRY(arg.as<i32>().write(n));
        return 0;
    }
    case TCFLSH: {
        if (arg.address() > 2) return Error(EINVAL);
        TRY(check_write(t, true));
        SpinLockGuard g(t.lock);
        if (arg.address() != 1) flush_input(t);  // TCIFLUSH or TCIOFLUSH; output is never held
        return 0;
    }
    case TCXONC: {  // output is sent at once: suspending it is not kept
        if (arg.address() > 3) return Error(EINVAL);
        TRY(check_write(t, true));
        return 0;
    }
    case TCSBRK:
    case TCSBRKP:  // tcdrain and tcsendbreak: output is already out
        TRY(check_write(t, true));
        return 0;
    case TIOCSCTTY:
        return set_ctty(t, arg.address());
    case TIOCNOTTY:
        return drop_ctty(t);
    case TIOCGPGRP:
    case TIOCGSID: {
        if (!is_my_ctty(t)) return Error(ENOTTY);
        i32 v;
        {
            SpinLockGuard g(t.lock);
            v = request == TIOCGPGRP ? t.pgrp : t.session;
        }
        TRY(arg.as<i32>().write(v));
        return 0;
    }
    case TIOCSPGRP:
        return set_pgrp(t, arg);
    default:
        return Error(ENOTTY);
    }
}

}  // namespace tty
