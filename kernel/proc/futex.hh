// kernel/proc/futex.hh — futex(2): sleeping on a word of user memory, waking its sleepers.
//
// Waiters sit in hashed buckets (futex_key.hh names the futex and picks the bucket), each
// with its own lock. A waiter is queued first and reads the word afterwards, outside the
// bucket lock and never under the address-space lock, with a fault-safe copy: a waker
// changes the word before it takes the bucket lock, so either it finds the waiter queued
// or the waiter reads the new value and does not sleep. No wake-up is lost and nothing
// spins: a waiter sleeps until a waker, its timeout or a signal wakes it.
#pragma once

#include "lib/result.hh"
#include "proc/task.hh"

namespace proc::futex {

/// The operations (futex(2)'s op, without the two flags below).
constexpr int WAIT = 0, WAKE = 1, REQUEUE = 3, CMP_REQUEUE = 4, WAKE_OP = 5, WAIT_BITSET = 9,
              WAKE_BITSET = 10;
constexpr int PRIVATE_FLAG = 128, CLOCK_REALTIME_FLAG = 256;
constexpr u32 BITSET_MATCH_ANY = 0xffffffff;
/// The bits of a robust futex word (and of a PI lock's).
constexpr u32 WAITERS = 0x80000000, OWNER_DIED = 0x40000000, TID_MASK = 0x3fffffff;

/// FUTEX_WAIT(_BITSET): sleeps while the word at @p uaddr holds @p val, until woken by a
/// wake whose bitset meets @p bitset, or until @p deadline_ns (ktime::now_ns(); 0: never).
/// EINVAL (misaligned, bitset 0), EFAULT, EAGAIN (the word differs), ETIMEDOUT, EINTR.
Result<long> wait(vm::UserAddr uaddr, bool is_private, u32 val, u32 bitset, u64 deadline_ns);
/// FUTEX_WAKE(_BITSET): wakes up to @p n waiters (at least one, as Linux) of @p uaddr
/// whose bitset meets @p bitset; returns how many. EINVAL, EFAULT.
Result<long> wake(vm::UserAddr uaddr, bool is_private, int n, u32 bitset);
/// FUTEX_(CMP_)REQUEUE: wakes @p n_wake waiters of @p uaddr and moves up to @p n_requeue
/// more to @p uaddr2; with @p cmp, only if the word still holds @p cmpval (EAGAIN).
/// Returns the number woken plus, for CMP_REQUEUE, the number moved.
Result<long> requeue(vm::UserAddr uaddr, vm::UserAddr uaddr2, bool is_private, int n_wake,
                     int n_requeue, bool cmp, u32 cmpval);
/// FUTEX_WAKE_OP: applies @p encoded_op to the word at @p uaddr2 atomically, wakes up to
/// @p n_wake waiters of @p uaddr and, if the old value passed the comparison, up to
/// @p n_wake2 of @p uaddr2. Returns how many woke. ENOSYS (unknown op or cmp).
Result<long> wake_op(vm::UserAddr uaddr, vm::UserAddr uaddr2, bool is_private, int n_wake,
                     int n_wake2, u32 encoded_op);

/// At a thread's exit, in its own address space: marks the robust futexes it holds
/// FUTEX_OWNER_DIED and wakes one waiter of each, then clears its CHILD_CLEARTID word
/// and wakes one waiter there (pthread_join). Faults only end the walk.
void release_at_exit(Task* t);

/// The compare-and-exchange of a futex word in the current address space, fault-safe
/// (futex_user.S): stores @p desired if the word holds @p expected; returns the value
/// found. EFAULT.
Result<u32> cmpxchg_user(vm::UserAddr uaddr, u32 expected, u32 desired);

}  // namespace proc::futex
