// kernel/fs/events/signalfd.cc — signalfd: a file that reads pending signals (events.hh).
//
// A read dequeues, from the reading thread's pending set and then its process's, the
// signals of the file's mask (normally blocked, so that they stay pending), and
// returns each as a struct signalfd_siginfo of 128 bytes. It waits, and poll reports
// POLLIN, according to the signals pending for the task that reads or polls, as on
// Linux. Waiters sleep on proc::signalfd_queue(), woken whenever a signal is queued.
#include "fs/anon_inode.hh"
#include "fs/events/events.hh"
#include "fs/poll/poll_table.hh"
#include "fs/vfs/poll.hh"
#include "mm/heap.hh"
#include "proc/process.hh"
#include "proc/signal.hh"
#include "proc/task.hh"

namespace events {
namespace {

struct SignalFd {
    std::atomic<u64> mask{0};
};

SignalFd& of(vfs::File& f) { return *static_cast<SignalFd*>(f.priv); }

struct SignalfdSiginfo {  // struct signalfd_siginfo
    u32 signo;
    i32 err;
    i32 code;
    u32 pid;
    u32 uid;
    i32 fd;
    u32 tid;
    u32 band;
    u32 overrun;
    u32 trapno;
    i32 status;
    i32 int_value;
    u64 ptr;
    u64 utime;
    u64 stime;
    u64 addr;
    u16 addr_lsb;
    u16 pad2;
    i32 syscall;
    u64 call_addr;
    u32 arch;
    u8 pad[28];
};
static_assert(sizeof(SignalfdSiginfo) == 128);

// The fields Linux copies for each layout of siginfo (signalfd_copyinfo).
SignalfdSiginfo convert(const proc::SigInfo& in) {
    SignalfdSiginfo out{};
    out.signo = u32(in.signo);
    out.err = in.err;
    out.code = in.code;
    int sig = in.signo;
    if (in.code == proc::SI_TIMER) {
        out.tid = u32(in.timer.tid);
        out.overrun = u32(in.timer.overrun);
        out.ptr = in.timer.value;
        out.int_value = i32(in.timer.value);
    } else if (in.code > 0 && sig == proc::SIGCHLD) {
        out.pid = u32(in.chld.pid);
        out.uid = in.chld.uid;
        out.status = in.chld.status;
        out.utime = u64(in.chld.utime);
        out.stime = u64(in.chld.stime);
    } else if (in.code > 0 && in.code != proc::SI_KERNEL &&
               (sig == proc::SIGSEGV || sig == proc::SIGBUS || sig == proc::SIGILL ||
                sig == proc::SIGFPE || sig == proc::SIGTRAP)) {
        out.addr = in.fault.addr;
    } else {
        out.pid = u32(in.kill.pid);
        out.uid = in.kill.uid;
        if (in.code < 0) {  // sigqueue, tkill: the value too (SIL_RT)
            out.ptr = in.kill.value;
            out.int_value = i32(in.kill.value);
        }
    }
    return out;
}

// Signals of @p mask pending for the calling thread, blocked or not.
bool pending_in(u64 mask) {
    proc::Task* t = proc::current();
    SpinLockGuard g(t->sig.handlers->lock);
    return ((t->sig.pending.set | t->sig.group->shared.set) & mask) != 0;
}

void register_on_queue(vfs::PollWait* pw) {
    SpinLock& lock = proc::signalfd_queue_lock();
    SpinLockGuard g(lock);
    vfs::poll_wait(pw, proc::signalfd_queue(), lock);
}

Result<u64> sfd_read(vfs::File& f, const vfs::IoBuf& buf, u64*) {
    usize room = usize(buf.size() / sizeof(SignalfdSiginfo));
    if (!room) return Error(EINVAL);
    SignalFd& s = of(f);
    usize done = 0;
    fs::PollTable table;
    vfs::PollWait* pw = &table;
    while (done < room) {
        proc::SigInfo info;
        if (!done) register_on_queue(pw);  // before looking: no wake-up is lost
        pw = nullptr;
        if (proc::dequeue_signal_current(s.mask.load(), info)) {
            SignalfdSiginfo out = convert(info);
            if (auto r = buf.fill(done * sizeof out, &out, sizeof out); r.is_error()) {
                if (done) break;
                return Error(r.error());
            }
            ++done;
            continue;
        }
        if (done) break;
        if (f.flags & vfs::O_NONBLOCK) return Error(EAGAIN);
        if (table.failed()) return Error(ENOMEM);
        if (table.sleep(0) == fs::Woken::Signal) return Error(proc::ERESTARTSYS);
    }
    return done * sizeof(SignalfdSiginfo);
}

u32 sfd_poll(vfs::File& f, vfs::PollWait* pw) {
    register_on_queue(pw);
    return pending_in(of(f).mask.load()) ? vfs::POLLIN | vfs::POLLRDNORM : 0;
}

void sfd_release(vfs::File& f) { mm::destroy(&of(f)); }

const vfs::FileOps signalfd_ops{sfd_read, nullptr, nullptr,     sfd_poll, nullptr,
                                nullptr,  nullptr, sfd_release, nullptr};

}  // namespace

Result<vfs::File*> signalfd_create(u64 mask, bool nonblock) {
    SignalFd* s = TRY(mm::make<SignalFd>());
    s->mask = mask & ~proc::UNBLOCKABLE;
    auto f = anon::make_file(&signalfd_ops, vfs::O_RDWR | (nonblock ? vfs::O_NONBLOCK : 0), s);
    if (f.is_error()) mm::destroy(s);
    return f;
}

bool is_signalfd(const vfs::File& f) { return f.ops == &signalfd_ops; }

void signalfd_set_mask(vfs::File& f, u64 mask) {
    of(f).mask = mask & ~proc::UNBLOCKABLE;
    SpinLock& lock = proc::signalfd_queue_lock();
    SpinLockGuard g(lock);
    proc::signalfd_queue().wake_all();  // waiters look again with the new mask
}

u64 signalfd_mask(vfs::File& f) { return of(f).mask.load(); }

}  // namespace events
