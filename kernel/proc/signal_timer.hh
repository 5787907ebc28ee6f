// kernel/proc/signal_timer.hh — timers that send signals: ITIMER_REAL (alarm) and POSIX timers.
//
// Each is a PosixTimer in its process's SignalGroup, on a callback timer (proc/timer.hh)
// set to the monotonic time it expires. When it fires (on the tick, interrupts off) it
// sends its signal: SIGALRM with SI_KERNEL for ITIMER_REAL, the sigevent's signal with
// SI_TIMER, the timer id and sigev_value for a POSIX timer, to the process or, with
// SIGEV_THREAD_ID, to one thread of it (SIGEV_NONE sends nothing). A periodic timer is
// started again for its next period; expiries while its signal is still pending count
// as overruns (timer_getoverrun, si_overrun) instead of queueing another signal. The
// siglock guards the list and every field but the callback timer itself; the timers go
// when the last thread of the process exits.
#pragma once

#include "lib/result.hh"
#include "proc/signal.hh"
#include "proc/timer.hh"

namespace proc {

constexpr int SIGEV_SIGNAL = 0, SIGEV_NONE = 1, SIGEV_THREAD = 2, SIGEV_THREAD_ID = 4;
/// The id of the process's ITIMER_REAL among its timers.
constexpr int ITIMER_REAL_ID = -1;

struct PosixTimer {
    Timer timer;
    PosixTimer* next = nullptr;
    SignalGroup* group = nullptr;
    pid_t tgid = 0;
    int id = 0;
    int clock = 1;  ///< CLOCK_MONOTONIC unless timer_create said otherwise
    int notify = SIGEV_SIGNAL;
    int signo = 0;
    pid_t tid = 0;         ///< SIGEV_THREAD_ID's thread
    u64 value = 0;         ///< sigev_value
    u64 expires_ns = 0;    ///< monotonic; 0: disarmed
    u64 interval_ns = 0;   ///< 0: one-shot
    int overrun = 0;       ///< expiries since its signal was queued
    int overrun_last = 0;  ///< what the last delivered signal said (timer_getoverrun)
    bool queued = false;   ///< its signal is pending
    bool dead = false;     ///< deleted: the callback must not start it again
};

/// A timer's state as timer_gettime/getitimer report it.
struct TimerValue {
    u64 value_ns = 0;  ///< time left, 0 when disarmed
    u64 interval_ns = 0;
};

/// timer_create: a new timer of the calling process; its id. EAGAIN, ENOMEM.
Result<int> timer_create(int clock, int notify, int signo, u64 value, pid_t tid);
/// timer_settime/setitimer: arms timer @p id (ITIMER_REAL_ID for the process's real
/// interval timer, created on first use) @p value_ns from now (0 disarms), then every
/// @p interval_ns; the old setting into @p old. EINVAL for an unknown id.
Result<void> timer_set(int id, u64 value_ns, u64 interval_ns, TimerValue* old);
/// timer_gettime/getitimer. EINVAL for an unknown id (ITIMER_REAL: all zero).
Result<TimerValue> timer_get(int id);
/// The clock timer @p id was created on (TIMER_ABSTIME). EINVAL.
Result<int> timer_clock_of(int id);
/// timer_getoverrun. EINVAL.
Result<int> timer_overrun(int id);
/// timer_delete. EINVAL.
Result<void> timer_delete(int id);
/// Called as a SI_TIMER signal of @p group is taken (siglock held): the overrun count
/// it reports goes into @p info, and the timer may queue again.
void timer_signal_taken(SignalGroup* group, SigInfo& info);

}  // namespace proc
