// kernel/proc/random.hh — random bytes for getrandom(2) and AT_RANDOM.
//
// RDSEED or RDRAND where the CPU has them, mixed with the jitter of the TSC, through a
// small mixing function (SplitMix64 steps). Not a vetted CSPRNG; enough for stack
// canaries and hash seeds in a teaching kernel.
#pragma once

#include "lib/types.hh"

namespace proc {

/// Fills @p buf with @p len random bytes.
void random_bytes(void* buf, usize len);

}  // namespace proc
