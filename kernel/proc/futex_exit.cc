// kernel/proc/futex_exit.cc — what a thread's end does to futex words: the robust list
// and CHILD_CLEARTID (futex.hh).
//
// A thread that dies holding a robust mutex must not leave its waiters asleep for ever.
// glibc and musl keep the mutexes a thread holds on a list in user memory, whose head
// set_robust_list registered:
//
//     struct robust_list_head { robust_list* next; long futex_offset; robust_list* pending; }
//
// Each entry's futex word is at entry + futex_offset. At exit the kernel walks the list
// (fault-safe reads, at most ROBUST_LIST_LIMIT entries, so a cyclic list ends), and every
// word whose owner bits are the dying thread's tid gets FUTEX_OWNER_DIED, and one of its
// waiters is woken. `pending` is the entry the thread was adding or removing when it died.
#include "arch/x86_64/cpu.hh"
#include "proc/futex.hh"

extern "C" u64 futex_user_cmpxchg(u32* uaddr, u32 expected, u32 desired, u32* found, u64 smap);

namespace proc::futex {
namespace {

// Whether the CPU has stac/clac (CPUID.7.0:EBX bit 20), as vm/user_copy.cc asks.
u64 smap_present() {
    static const u64 has = (arch::cpuid(7, 0).ebx & (1u << 20)) ? 1 : 0;
    return has;
}

}  // namespace

Result<u32> cmpxchg_user(vm::UserAddr uaddr, u32 expected, u32 desired) {
    if ((uaddr.address() & 3) || !vm::access_ok(uaddr.address(), 4)) return Error(EFAULT);
    u32 found = 0;
    if (futex_user_cmpxchg(reinterpret_cast<u32*>(uaddr.address()), expected, desired, &found,
                           smap_present()))
        return Error(EFAULT);
    return found;
}

// LAB_BEGIN(04-clone, 3): at exit, mark the robust futexes the thread holds OWNER_DIED, then clear and wake CHILD_CLEARTID
namespace {

constexpr int ROBUST_LIST_LIMIT = 2048;  // Linux's bound on the walk

// The entry at @p at (bit 0 says the futex is a PI one); EFAULT.
Result<uptr> read_entry(uptr at, bool& pi) {
    uptr v = TRY(vm::UserPtr<const uptr>(at).read());
    pi = v & 1;
    return v & ~uptr(1);
}

// Linux's handle_futex_death: marks the word at @p uaddr OWNER_DIED if @p tid owns it,
// and wakes a waiter. A pending entry with a zero word still gets its wake (the thread
// may have died between releasing the lock and waking). False when the walk must stop.
bool futex_death(uptr uaddr, u32 tid, bool pi, bool pending) {
    if (uaddr & 3) return false;
    vm::UserAddr word(uaddr);
    for (;;) {
        auto v = word.as<const u32>().read();
        if (v.is_error()) return false;
        u32 uval = v.value();
        if (pending && !pi && uval == 0) {
            (void)wake(word, false, 1, BITSET_MATCH_ANY);
            return true;
        }
        if ((uval & TID_MASK) != tid) return true;
        u32 mval = (uval & WAITERS) | OWNER_DIED;
        auto found = cmpxchg_user(word, uval, mval);
        if (found.is_error()) return false;
        if (found.value() != uval) continue;  // changed under us: look again
        if (!pi && (uval & WAITERS)) (void)wake(word, false, 1, BITSET_MATCH_ANY);
        return true;
    }
}

void exit_robust_list(Task* t) {
    if (t->robust_list.is_null()) return;
    uptr head = t->robust_list.address();
    bool pi = false, pending_pi = false, next_pi = false;
    auto first = read_entry(head, pi);
    auto offset = vm::UserPtr<const i64>(head + 8).read();
    auto pending = read_entry(head + 16, pending_pi);
    if (first.is_error() || offset.is_error() || pending.is_error()) return;
    uptr entry = first.value();
    for (int limit = ROBUST_LIST_LIMIT; entry != head && limit > 0; --limit) {
        auto next = read_entry(entry, next_pi);
        if (entry != pending.value() &&
            !futex_death(entry + uptr(offset.value()), u32(t->tid), pi, false))
            return;
        if (next.is_error()) return;
        entry = next.value();
        pi = next_pi;
    }
    if (pending.value())
        (void)futex_death(pending.value() + uptr(offset.value()), u32(t->tid), pending_pi, true);
}

}  // namespace

void release_at_exit(Task* t) {
    if (!t->as) return;
    exit_robust_list(t);
    t->robust_list = {};
    t->robust_len = 0;
    if (vm::UserPtr<i32> tid = t->clear_child_tid; !tid.is_null()) {
        t->clear_child_tid = {};
        if (!tid.write(0).is_error())
            (void)wake(vm::UserAddr(tid.address()), false, 1, BITSET_MATCH_ANY);
    }
}

// LAB_FALLBACK
// void release_at_exit(Task*) {}
// LAB_END

}  // namespace proc::futex
