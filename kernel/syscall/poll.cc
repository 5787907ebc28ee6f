// kernel/syscall/poll.cc — poll(2) and ppoll(2): wait for events on a list of descriptors.
//
// The pollfd array is copied in, each descriptor's File asked for its readiness (the
// first pass registers a PollTable on the files' wait queues, fs/poll/poll_table.hh),
// and, when none is ready, the task sleeps until a queue, a signal or the timeout wakes
// it. A descriptor that is not open reports POLLNVAL; a negative one is skipped. A
// signal ends the wait with ERESTARTNOHAND (EINTR when a handler runs, a restart
// otherwise), as Linux does.
#include "fs/poll/poll_table.hh"
#include "mm/heap.hh"
#include "syscall/file_util.hh"
#include "syscall/handlers.hh"
#include "syscall/poll_wait.hh"

namespace syscalls {

struct PollFd {  // struct pollfd
    i32 fd;
    i16 events;
    i16 revents;
};
static_assert(sizeof(PollFd) == 8);

namespace {

// One pass over the descriptors: the number with events, revents filled in.
u64 scan(PollFd* fds, usize n, vfs::PollWait* pw) {
    u64 count = 0;
    for (usize i = 0; i < n; ++i) {
        PollFd& p = fds[i];
        p.revents = 0;
        if (p.fd < 0) continue;
        auto f = file_at(p.fd);
        u32 mask;
        if (f.is_error() || (f.value()->flags & vfs::O_PATH)) {
            mask = vfs::POLLNVAL;
        } else {
            u32 want = u16(p.events) | vfs::POLLERR | vfs::POLLHUP;
            mask = vfs::file_poll(*f.value(), pw) & want;
        }
        p.revents = i16(mask);
        if (mask) ++count;
    }
    return count;
}

Result<u64> do_poll(vm::UserPtr<PollFd> ufds, u64 nfds, u64 deadline) {
    if (nfds > fd_limit()) return Error(EINVAL);
    PollFd* fds = nullptr;
    if (nfds) {
        fds = static_cast<PollFd*>(TRY(mm::kmalloc(nfds * sizeof(PollFd))));
    }
    struct Free {
        void* p;
        ~Free() {
            if (p) mm::kfree(p);
        }
    } free_fds{fds};
    TRY(vm::copy_n_from_user(fds, ufds, nfds));
    fs::PollTable table;
    u64 count;
    for (vfs::PollWait* pw = deadline == NO_WAIT ? nullptr : &table;; pw = nullptr) {
        count = scan(fds, nfds, pw);
        if (table.failed()) return Error(ENOMEM);
        if (count || deadline == NO_WAIT) break;
        fs::Woken w = table.sleep(deadline);
        if (w == fs::Woken::Signal) return Error(proc::ERESTARTNOHAND);
        if (w == fs::Woken::Timeout) {
            count = scan(fds, nfds, nullptr);
            break;
        }
    }
    for (u64 i = 0; i < nfds; ++i) TRY((ufds + i).write(fds[i]));
    return count;
}

}  // namespace

Result<u64> sys_poll(vm::UserPtr<PollFd> fds, u32 nfds, int timeout_ms) {
    u64 deadline = 0;
    if (timeout_ms == 0) deadline = NO_WAIT;
    else if (timeout_ms > 0) deadline = fs::deadline_after(u64(timeout_ms) * 1'000'000);
    return do_poll(fds, nfds, deadline);
}

Result<u64> sys_ppoll(vm::UserPtr<PollFd> fds, u32 nfds, vm::UserAddr timeout, vm::UserAddr sigmask,
                      usize sigsetsize) {
    u64 deadline = TRY(deadline_from_timespec(timeout));
    SigmaskSwap swap;
    TRY(swap.install(sigmask, sigsetsize));
    Result<u64> r = swap.finish(do_poll(fds, nfds, deadline));
    write_remaining_timespec(timeout, deadline);
    return r;
}

}  // namespace syscalls
