// kernel/syscall/epoll.cc — epoll_create(1), epoll_ctl, epoll_wait, epoll_pwait(2).
//
// The instances themselves live in fs/poll/epoll.cc; these handlers check the
// arguments in Linux's order and move struct epoll_event (12 bytes, packed on x86_64)
// across the user boundary.
#include "fs/poll/epoll.hh"
#include "fs/poll/poll_table.hh"
#include "mm/heap.hh"
#include "syscall/file_util.hh"
#include "syscall/handlers.hh"
#include "syscall/poll_wait.hh"

namespace syscalls {

struct [[gnu::packed]] EpollEvent {  // struct epoll_event
    u32 events;
    u64 data;
};
static_assert(sizeof(EpollEvent) == 12);

namespace {

constexpr u32 EPOLL_CLOEXEC = vfs::O_CLOEXEC;
constexpr usize MAX_EVENTS = 0x7fffffff / sizeof(EpollEvent);  // Linux's EP_MAX_EVENTS

Result<u64> do_wait(int epfd, vm::UserPtr<EpollEvent> events, int maxevents, u64 deadline) {
    if (maxevents <= 0 || usize(maxevents) > MAX_EVENTS) return Error(EINVAL);
    if (!vm::access_ok(events.address(), usize(maxevents) * sizeof(EpollEvent)))
        return Error(EFAULT);
    FileRef ep = TRY(usable_file_at(epfd));
    if (!epoll::is_epoll(*ep)) return Error(EINVAL);
    // Reported in batches of at most 256 events, so the buffer stays small.
    usize max = usize(maxevents) < 256 ? usize(maxevents) : 256;
    auto* out = static_cast<epoll::Event*>(TRY(mm::kmalloc(max * sizeof(epoll::Event))));
    struct Free {
        void* p;
        ~Free() { mm::kfree(p); }
    } free_out{out};
    usize n = TRY(epoll::wait(*ep, out, max, deadline));
    for (usize i = 0; i < n; ++i) TRY((events + i).write(EpollEvent{out[i].events, out[i].data}));
    return n;
}

u64 deadline_ms(int timeout_ms) {
    if (timeout_ms == 0) return NO_WAIT;
    if (timeout_ms < 0) return 0;
    return fs::deadline_after(u64(timeout_ms) * 1'000'000);
}

}  // namespace

Result<u64> sys_epoll_create1(int flags) {
    if (flags & ~int(EPOLL_CLOEXEC)) return Error(EINVAL);
    FileRef f(TRY(epoll::create()));
    return install_fd(std::move(f), flags & EPOLL_CLOEXEC);
}

Result<u64> sys_epoll_create(int size) {
    if (size <= 0) return Error(EINVAL);
    return sys_epoll_create1(0);
}

Result<u64> sys_epoll_ctl(int epfd, int op, int fd, vm::UserPtr<const EpollEvent> event) {
    EpollEvent ev{0, 0};
    if (op != epoll::CTL_DEL) ev = TRY(event.read());
    FileRef ep = TRY(usable_file_at(epfd));
    FileRef target = TRY(usable_file_at(fd));
    TRY(epoll::ctl(*ep, op, fd, *target, epoll::Event{ev.events, ev.data}));
    return 0;
}

Result<u64> sys_epoll_wait(int epfd, vm::UserPtr<EpollEvent> events, int maxevents,
                           int timeout_ms) {
    return do_wait(epfd, events, maxevents, deadline_ms(timeout_ms));
}

Result<u64> sys_epoll_pwait(int epfd, vm::UserPtr<EpollEvent> events, int maxevents, int timeout_ms,
                            vm::UserAddr sigmask, usize sigsetsize) {
    SigmaskSwap swap;
    TRY(swap.install(sigmask, sigsetsize));
    return swap.finish(do_wait(epfd, events, maxevents, deadline_ms(timeout_ms)));
}

Result<u64> sys_epoll_pwait2(int epfd, vm::UserPtr<EpollEvent> events, int maxevents,
                             vm::UserAddr timeout, vm::UserAddr sigmask, usize sigsetsize) {
    u64 deadline = TRY(deadline_from_timespec(timeout));
    SigmaskSwap swap;
    TRY(swap.install(sigmask, sigsetsize));
    return swap.finish(do_wait(epfd, events, maxevents, deadline));
}

}  // namespace syscalls
