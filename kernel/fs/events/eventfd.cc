// kernel/fs/events/eventfd.cc — eventfd: a 64-bit counter as a file (events.hh).
//
// A write adds to the counter (blocking while it would pass 2^64 - 2), a read takes all
// of it, or one with EFD_SEMAPHORE (blocking while it is 0). Readers and writers sleep
// on one wait queue; poll reports POLLIN while the counter is above 0 and POLLOUT while
// 1 more fits.
#include "fs/anon_inode.hh"
#include "fs/events/events.hh"
#include "fs/vfs/poll.hh"
#include "mm/heap.hh"
#include "proc/sched.hh"
#include "proc/signal.hh"

namespace events {
namespace {

constexpr u64 MAX = ~u64(0) - 1;  // the most the counter holds

struct EventFd {
    SpinLock lock{"eventfd", lock_rank::SLEEP};
    u64 count = 0;
    bool semaphore = false;
    proc::WaitQueue wait;  // readers and writers, and pollers
};

EventFd& of(vfs::File& f) { return *static_cast<EventFd*>(f.priv); }

// Sleeps on @p e's queue (its lock held); an error when the caller must not wait.
Result<void> wait_once(vfs::File& f, EventFd& e) {
    if (f.flags & vfs::O_NONBLOCK) return Error(EAGAIN);
    if (proc::signal_pending()) return Error(proc::ERESTARTSYS);
    proc::sleep_on_until(e.wait, e.lock, 0, true);
    return {};
}

Result<u64> ev_read(vfs::File& f, const vfs::IoBuf& buf, u64*) {
    if (buf.size() < 8) return Error(EINVAL);
    EventFd& e = of(f);
    u64 v;
    {
        SpinLockGuard g(e.lock);
        while (e.count == 0) TRY(wait_once(f, e));
        v = e.semaphore ? 1 : e.count;
        e.count -= v;
        e.wait.wake_all();
    }
    TRY(buf.fill(0, &v, 8));
    return 8;
}

Result<u64> ev_write(vfs::File& f, const vfs::IoBuf& buf, u64*) {
    if (buf.size() < 8) return Error(EINVAL);
    u64 v;
    TRY(buf.drain(&v, 0, 8));
    if (v == ~u64(0)) return Error(EINVAL);
    EventFd& e = of(f);
    SpinLockGuard g(e.lock);
    while (MAX - e.count < v) TRY(wait_once(f, e));
    e.count += v;
    if (v) e.wait.wake_all();
    return 8;
}

u32 ev_poll(vfs::File& f, vfs::PollWait* pw) {
    EventFd& e = of(f);
    SpinLockGuard g(e.lock);
    vfs::poll_wait(pw, e.wait, e.lock);
    u32 r = 0;
    if (e.count > 0) r |= vfs::POLLIN | vfs::POLLRDNORM;
    if (e.count < MAX) r |= vfs::POLLOUT | vfs::POLLWRNORM;
    return r;
}

void ev_release(vfs::File& f) { mm::destroy(&of(f)); }

const vfs::FileOps eventfd_ops{ev_read, ev_write, nullptr,    ev_poll, nullptr,
                               nullptr, nullptr,  ev_release, nullptr};

}  // namespace

Result<vfs::File*> eventfd_create(u64 initval, bool semaphore, bool nonblock) {
    EventFd* e = TRY(mm::make<EventFd>());
    e->count = initval;
    e->semaphore = semaphore;
    auto f = anon::make_file(&eventfd_ops, vfs::O_RDWR | (nonblock ? vfs::O_NONBLOCK : 0), e);
    if (f.is_error()) mm::destroy(e);
    return f;
}

u64 eventfd_count(vfs::File& f) {
    EventFd& e = of(f);
    SpinLockGuard g(e.lock);
    return e.count;
}

bool is_eventfd(const vfs::File& f) { return f.ops == &eventfd_ops; }

}  // namespace events
