// kernel/syscall/strace_names.hh — Linux's names for flags, signals, clocks and errnos.
//
// The tables strace= prints from (syscall/strace_format.cc): the bits and names of
// Linux's uapi headers (fcntl.h, mman.h, sched.h, wait.h, signal.h, futex.h, time.h),
// in the order strace lists them. A name covers every bit of `bits` (O_SYNC includes
// O_DSYNC's bit, so it comes first).
#pragma once

#include "lib/types.hh"

namespace strace {

/// One named flag: the bits it sets and its name.
struct FlagName {
    u64 bits;
    const char* name;
};

extern const FlagName OPEN_FLAGS[];  ///< O_* above the access mode
extern const usize OPEN_FLAGS_COUNT;
extern const FlagName PROT_FLAGS[];  ///< PROT_*
extern const usize PROT_FLAGS_COUNT;
extern const FlagName MAP_FLAGS[];  ///< MAP_*
extern const usize MAP_FLAGS_COUNT;
extern const FlagName CLONE_FLAGS[];  ///< CLONE_* (without the exit signal's byte)
extern const usize CLONE_FLAGS_COUNT;
extern const FlagName WAIT_FLAGS[];  ///< WNOHANG, __WALL, ...
extern const usize WAIT_FLAGS_COUNT;
extern const FlagName AT_FLAGS[];  ///< AT_SYMLINK_NOFOLLOW, ...
extern const usize AT_FLAGS_COUNT;

/// "SIGUSR1", "SIGRTMIN", "SIGRT_3"; null for 0 and numbers past 64.
const char* signal_name(int sig);
/// "FUTEX_WAIT", ... for the command bits of a futex op; null when unknown.
const char* futex_cmd_name(int cmd);
/// "CLOCK_MONOTONIC", ...; null when unknown.
const char* clock_name(int clock);

}  // namespace strace
