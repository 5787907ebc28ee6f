// kernel/proc/futex.cc — futex wait, wake, requeue and wake-op on hashed buckets (futex.hh).
//
// A waiter lives on its own kernel stack (struct Waiter) while it sleeps: it is queued on
// the bucket of its key, and a waker that takes it off the queue marks it woken and wakes
// its task, all under the bucket lock. A requeue moves waiters to another bucket under
// both locks (taken in address order), so a waiter finds its bucket again by reading
// `bucket` and checking it once that lock is held.
//
// The bucket locks are unranked: requeue holds two, which ranks cannot express, and
// nothing else is taken under them but the scheduler's locks (sleep_on, wake_task).
#include "proc/futex.hh"

#include "drivers/timer/clock.hh"
#include "lib/spinlock.hh"
#include "proc/futex_key.hh"
#include "proc/process.hh"
#include "proc/sched.hh"
#include "vm/address_space.hh"

namespace proc::futex {
// LAB_BEGIN(04-clone, 3): futex wait, wake, requeue and wake-op on hashed buckets
namespace {

struct Bucket;

struct Waiter {
    ListNode node;
    Key key;
    u32 bitset = 0;
    Task* task = nullptr;
    Bucket* bucket = nullptr;  ///< written under the old and the new bucket's locks
    bool woken = false;        ///< set, with node unlinked, under the bucket lock
};

struct Bucket {
    SpinLock lock{"futex-bucket"};
    IntrusiveList<Waiter, &Waiter::node> waiters;
};

Bucket buckets[BUCKETS];

Bucket& bucket_for(const Key& k) { return buckets[bucket_of(k)]; }

// Takes the lock of the bucket @p w is queued on; returns it (locked).
Bucket* lock_waiter_bucket(Waiter& w) {
    for (;;) {
        Bucket* b = __atomic_load_n(&w.bucket, __ATOMIC_ACQUIRE);
        b->lock.lock_irqs_off();
        if (__atomic_load_n(&w.bucket, __ATOMIC_RELAXED) == b) return b;
        b->lock.unlock_irqs_off();
    }
}

// Wakes @p w (its bucket's lock held).
void wake_waiter(Bucket& b, Waiter& w) {
    Task* t = w.task;  // w may be gone as soon as woken is seen
    b.waiters.remove(w);
    w.woken = true;
    wake_task(t);
}

// The key of the futex word at @p uaddr, which the caller has just read (so its page is
// there, unless it was unmapped since: then it is touched again).
Result<Key> key_of(vm::UserAddr uaddr, bool is_private) {
    Task* me = current();
    Key k;
    k.space = reinterpret_cast<uptr>(me->as);
    k.address = uaddr.address();
    if (is_private) return k;
    for (int tries = 0;; ++tries) {
        auto phys = me->as->shared_physical(uaddr.address());
        if (!phys.is_error()) {
            if (phys.value() == 0) {
                k.kind = KeyKind::SharedPrivateMapping;
                return k;
            }
            k.kind = KeyKind::Physical;
            k.space = 0;
            k.address = phys.value();
            return k;
        }
        if (phys.error() != ENOENT || tries == 3) return Error(EFAULT);
        TRY(uaddr.as<const u32>().read());  // brings the page in
    }
}

Result<Key> checked_key(vm::UserAddr uaddr, bool is_private) {
    if (uaddr.address() & 3) return Error(EINVAL);
    if (!vm::access_ok(uaddr.address(), 4)) return Error(EFAULT);
    if (!is_private) TRY(uaddr.as<const u32>().read());  // EFAULT for an unmapped word
    return key_of(uaddr, is_private);
}

// Locks two buckets in address order (once when they are the same).
void lock_two(Bucket& a, Bucket& b) {
    if (&a == &b) {
        a.lock.lock_irqs_off();
    } else if (&a < &b) {
        a.lock.lock_irqs_off();
        b.lock.lock_irqs_off();
    } else {
        b.lock.lock_irqs_off();
        a.lock.lock_irqs_off();
    }
}

void unlock_two(Bucket& a, Bucket& b) {
    if (&a != &b) b.lock.unlock_irqs_off();
    a.lock.unlock_irqs_off();
}

// Wakes up to @p n waiters of @p k in @p b (locked) whose bitset meets @p bitset; as
// Linux, a count of 0 or less still wakes one.
long wake_locked(Bucket& b, const Key& k, int n, u32 bitset) {
    long woken = 0;
    for (auto it = b.waiters.begin(); it != b.waiters.end();) {
        Waiter& w = *it;
        ++it;
        if (!(w.key == k) || !(w.bitset & bitset)) continue;
        wake_waiter(b, w);
        if (++woken >= n) break;
    }
    return woken;
}

}  // namespace

//! [futex_wait]
Result<long> wait(vm::UserAddr uaddr, bool is_private, u32 val, u32 bitset, u64 deadline_ns) {
    if (!bitset) return Error(EINVAL);
    Key key = TRY(checked_key(uaddr, is_private));
    Waiter w;
    w.key = key;
    w.bitset = bitset;
    w.task = current();
    Bucket* b = &bucket_for(key);
    w.bucket = b;
    {
        IrqGuard irqs_off;
        SpinLockGuard g(b->lock);
        b->waiters.push_back(w);
    }
    // Queued first, then the word: a waker that changed it either finds us queued or
    // changed it before this read. Outside every lock, so a fault here is just a fault.
    auto cur = uaddr.as<const u32>().read();
    IrqGuard irqs_off;
    for (;;) {
        b = lock_waiter_bucket(w);
        if (w.woken) break;
        int error = cur.is_error()       ? EFAULT
                    : cur.value() != val ? EAGAIN
                    : must_die()         ? (deadline_ns ? EINTR : ERESTARTSYS)
                    : deadline_ns && ktime::now_ns() >= deadline_ns ? ETIMEDOUT
                                                                    : 0;
        if (error) {
            b->waiters.remove(w);
            b->lock.unlock_irqs_off();
            return Error(error);
        }
        WaitQueue alone;  // the waker wakes the task itself; this queue only has us
        sleep_on_until(alone, b->lock, deadline_ns, true);
        b->lock.unlock_irqs_off();
    }
    b->lock.unlock_irqs_off();
    return 0;
}
//! [futex_wait]

Result<long> wake(vm::UserAddr uaddr, bool is_private, int n, u32 bitset) {
    if (!bitset) return Error(EINVAL);
    Key key = TRY(checked_key(uaddr, is_private));
    Bucket& b = bucket_for(key);
    IrqGuard irqs_off;
    SpinLockGuard g(b.lock);
    return wake_locked(b, key, n, bitset);
}

Result<long> requeue(vm::UserAddr uaddr, vm::UserAddr uaddr2, bool is_private, int n_wake,
                     int n_requeue, bool cmp, u32 cmpval) {
    if (n_wake < 0 || n_requeue < 0) return Error(EINVAL);
    Key k1 = TRY(checked_key(uaddr, is_private));
    Key k2 = TRY(checked_key(uaddr2, is_private));
    if (cmp) {
        u32 cur = TRY(uaddr.as<const u32>().read());
        if (cur != cmpval) return Error(EAGAIN);
    }
    Bucket& b1 = bucket_for(k1);
    Bucket& b2 = bucket_for(k2);
    IrqGuard irqs_off;
    lock_two(b1, b2);
    long woken = 0, moved = 0;
    for (auto it = b1.waiters.begin(); it != b1.waiters.end();) {
        Waiter& w = *it;
        ++it;
        if (!(w.key == k1)) continue;
        if (woken < n_wake) {
            wake_waiter(b1, w);
            ++woken;
        } else if (moved < n_requeue) {
            w.key = k2;
            if (&b1 != &b2) {
                b1.waiters.remove(w);
                b2.waiters.push_back(w);
                __atomic_store_n(&w.bucket, &b2, __ATOMIC_RELEASE);
            }
            ++moved;
        } else {
            break;
        }
    }
    unlock_two(b1, b2);
    return woken + moved;  // as Linux, for both operations
}

Result<long> wake_op(vm::UserAddr uaddr, vm::UserAddr uaddr2, bool is_private, int n_wake,
                     int n_wake2, u32 encoded_op) {
    Key k1 = TRY(checked_key(uaddr, is_private));
    Key k2 = TRY(checked_key(uaddr2, is_private));
    WakeOp op = decode_wake_op(encoded_op);
    if (!op_valid(op)) return Error(ENOSYS);
    // The op first, outside the locks (fault-safe, may sleep on a fault): a waiter of
    // uaddr2 queued after the wake below reads the new value.
    u32 old = TRY(uaddr2.as<const u32>().read());
    for (;;) {
        u32 found = TRY(cmpxchg_user(uaddr2, old, apply_op(op, old)));
        if (found == old) break;
        old = found;
    }
    if (!cmp_valid(op)) return Error(ENOSYS);
    Bucket& b1 = bucket_for(k1);
    Bucket& b2 = bucket_for(k2);
    IrqGuard irqs_off;
    lock_two(b1, b2);
    long woken = wake_locked(b1, k1, n_wake, BITSET_MATCH_ANY);
    if (compare(op, old)) woken += wake_locked(b2, k2, n_wake2, BITSET_MATCH_ANY);
    unlock_two(b1, b2);
    return woken;
}

// LAB_FALLBACK
// Result<long> wait(vm::UserAddr, bool, u32, u32, u64) { return Error(ENOSYS); }
// Result<long> wake(vm::UserAddr, bool, int, u32) { return Error(ENOSYS); }
// Result<long> requeue(vm::UserAddr, vm::UserAddr, bool, int, int, bool, u32) {
//     return Error(ENOSYS);
// }
// Result<long> wake_op(vm::UserAddr, vm::UserAddr, bool, int, int, u32) { return Error(ENOSYS); }
// LAB_END

}  // namespace proc::futex
