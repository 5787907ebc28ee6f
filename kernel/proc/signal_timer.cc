// kernel/proc/signal_timer.cc — timers that send signals: alarm, ITIMER_REAL, POSIX timers.
#include "proc/signal.hh"

namespace proc {

void signal_timers_release(SignalGroup*) {}

}  // namespace proc
