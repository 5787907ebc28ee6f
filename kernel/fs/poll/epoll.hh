// kernel/fs/poll/epoll.hh — epoll instances: a set of watched files and a ready list.
//
// An epoll instance is a File (anon inode "[eventpoll]") holding one item per watched
// (File, fd) pair. Each item has its own entries on the watched file's wait queues
// (registered through the file's poll, fs/vfs/poll.hh); a wake-up on those queues
// runs a callback that puts the item on the instance's ready list and wakes the tasks
// in epoll_wait. epoll_wait takes items off the ready list, asks each file again what
// is ready, and reports the events the item asked for:
//
//   pipe's read_wait ──wake──> ep_wake(item) ──> ready list ──> epoll_wait: poll(file)
//                                                      ▲              │
//                                                      └── level-triggered items
//                                                          go back while reported
//
// Edge-triggered items (EPOLLET) are reported once per wake-up; EPOLLONESHOT items are
// disabled after one report until EPOLL_CTL_MOD. An item keys on the open file
// description, not the descriptor: closing one of several descriptors of a File
// changes nothing; when the File itself goes (its last reference), the item is removed
// (vfs::eventpoll_release). An epoll File can be watched by another epoll (or poll):
// it is readable when its ready list holds a ready file; loops are refused (ELOOP).
//
// Locks: a global mutex for the shape of the epoll graph (ctl, release), then an
// instance's mutex (ctl, release, nested polls), then its spinlock (ready list, item
// list, the queues of its waiters), which wake-up callbacks take inside the watched
// file's queue lock.
#pragma once

#include "fs/vfs/file.hh"
#include "lib/result.hh"

namespace epoll {

/// epoll_ctl's operations and the control bits of an event mask.
constexpr int CTL_ADD = 1, CTL_DEL = 2, CTL_MOD = 3;
constexpr u32 EPOLLEXCLUSIVE = 1u << 28, EPOLLWAKEUP = 1u << 29, EPOLLONESHOT = 1u << 30,
              EPOLLET = 1u << 31;

/// A reported event: what epoll_wait copies out as struct epoll_event.
struct Event {
    u32 events;
    u64 data;
};

/// A new epoll instance as a File (O_RDWR, plus @p flags' O_CLOEXEC for the caller).
Result<vfs::File*> create();
/// Whether @p f is an epoll instance.
bool is_epoll(const vfs::File& f);
/// epoll_ctl on instance @p ep for @p target (open at @p fd): EEXIST, ENOENT, ELOOP,
/// EINVAL, EPERM (a file without poll), ENOMEM. @p ev is ignored for CTL_DEL.
Result<void> ctl(vfs::File& ep, int op, int fd, vfs::File& target, const Event& ev);
/// Waits for events of @p ep until @p deadline_ns (0: forever; ~0: do not wait) and
/// fills up to @p max of @p out: how many. ERESTARTNOHAND when a signal came first.
Result<usize> wait(vfs::File& ep, Event* out, usize max, u64 deadline_ns);

}  // namespace epoll
