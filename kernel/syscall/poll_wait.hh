// kernel/syscall/poll_wait.hh — what poll, ppoll, select, pselect6 and epoll_pwait share:
// timeouts from user layouts, and the signal mask swapped in while they wait.
#pragma once

#include "lib/result.hh"
#include "vm/user_copy.hh"

namespace syscalls {

/// A user timeout as a monotonic deadline: 0 waits forever, NO_WAIT does not wait.
constexpr u64 NO_WAIT = ~u64(0);

/// The deadline of struct timespec at @p ts (null: forever). EINVAL for a negative or
/// unnormalized one, EFAULT.
Result<u64> deadline_from_timespec(vm::UserAddr ts);
/// The same for a struct timeval (select).
Result<u64> deadline_from_timeval(vm::UserAddr tv);
/// The time left until @p deadline (0 once past), written back as Linux does for
/// ppoll/pselect6 (timespec) and select (timeval); a fault is ignored, as Linux does.
void write_remaining_timespec(vm::UserAddr ts, u64 deadline);
void write_remaining_timeval(vm::UserAddr tv, u64 deadline);

/// The signal mask of a ppoll/pselect6/epoll_pwait, in force while it waits: install()
/// swaps @p mask in (EINVAL unless @p size is 8; EFAULT); finish(@p r) puts the old mask
/// back, except when the call was interrupted (ERESTARTNOHAND), when it goes back only
/// after the handler's frame is built (as sigsuspend's).
class SigmaskSwap {
public:
    Result<void> install(vm::UserAddr mask, usize size);
    Result<u64> finish(Result<u64> r);

private:
    bool swapped_ = false;
};

}  // namespace syscalls
