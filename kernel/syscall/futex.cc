// kernel/syscall/futex.cc — futex(2): decodes the operation and its timeout (proc/futex.hh).
//
// The fourth argument is a timeout for the waits and a count (val2) for requeue and
// wake-op; FUTEX_WAIT's timeout is relative (CLOCK_MONOTONIC), FUTEX_WAIT_BITSET's
// absolute, on CLOCK_REALTIME with FUTEX_CLOCK_REALTIME. The PI operations are not
// supported (ENOSYS, which both libcs handle for their default mutexes).
#include "drivers/timer/clock.hh"
#include "proc/futex.hh"
#include "syscall/handlers.hh"

// LAB_BEGIN(04-clone, 3): futex(2): decode the operation, its flags and its timeout
namespace syscalls {
namespace {

namespace fx = proc::futex;

struct FutexTimespec {  // struct timespec
    i64 sec;
    i64 nsec;
};

constexpr u64 NS = 1000000000ull;
constexpr u64 FAR = ~0ull >> 2;  // a deadline no wait reaches

// The monotonic deadline of a wait's timeout (0: none). EFAULT, EINVAL.
Result<u64> deadline_of(int cmd, bool realtime, vm::UserAddr timeout) {
    if (timeout.is_null()) return u64(0);
    FutexTimespec ts = TRY(timeout.as<const FutexTimespec>().read());
    if (ts.sec < 0 || ts.nsec < 0 || ts.nsec >= i64(NS)) return Error(EINVAL);
    u64 ns = u64(ts.sec) > FAR / NS ? FAR : u64(ts.sec) * NS + u64(ts.nsec);
    u64 now = ktime::now_ns();
    if (cmd == fx::WAIT) return ns >= FAR - now ? FAR : now + ns;  // relative
    if (!realtime) return ns ? ns : 1;                             // absolute, monotonic
    u64 real_now = realtime_ns();
    if (ns <= real_now) return u64(1);  // already past
    u64 left = ns - real_now;
    return left >= FAR - now ? FAR : now + left;
}

}  // namespace

Result<u64> sys_futex(vm::UserAddr uaddr, int op, u32 val, vm::UserAddr timeout,
                      vm::UserAddr uaddr2, u32 val3) {
    int cmd = op & ~(fx::PRIVATE_FLAG | fx::CLOCK_REALTIME_FLAG);
    bool is_private = op & fx::PRIVATE_FLAG;
    bool realtime = op & fx::CLOCK_REALTIME_FLAG;
    if (realtime && cmd != fx::WAIT && cmd != fx::WAIT_BITSET) return Error(ENOSYS);
    int val2 = int(timeout.address());  // requeue and wake-op: a count, not a pointer
    switch (cmd) {
    case fx::WAIT:
    case fx::WAIT_BITSET: {
        u32 bitset = cmd == fx::WAIT ? fx::BITSET_MATCH_ANY : val3;
        u64 deadline = TRY(deadline_of(cmd, realtime, timeout));
        return u64(TRY(fx::wait(uaddr, is_private, val, bitset, deadline)));
    }
    case fx::WAKE:
    case fx::WAKE_BITSET:
        return u64(TRY(
            fx::wake(uaddr, is_private, int(val), cmd == fx::WAKE ? fx::BITSET_MATCH_ANY : val3)));
    case fx::REQUEUE:
    case fx::CMP_REQUEUE:
        return u64(TRY(
            fx::requeue(uaddr, uaddr2, is_private, int(val), val2, cmd == fx::CMP_REQUEUE, val3)));
    case fx::WAKE_OP:
        return u64(TRY(fx::wake_op(uaddr, uaddr2, is_private, int(val), val2, val3)));
    default:
        return Error(ENOSYS);
    }
}

}  // namespace syscalls
// LAB_FALLBACK
// LAB_END
