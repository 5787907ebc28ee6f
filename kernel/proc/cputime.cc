// kernel/proc/cputime.cc — charging CPU time at mode changes and switches (cputime.hh).
#include "proc/cputime.hh"

#include "proc/cpu_itimer.hh"
#include "drivers/timer/clock.hh"
#include "lib/spinlock.hh"
#include "proc/table.hh"
#include "proc/thread_group.hh"

namespace proc {

// LAB_BEGIN(04-clone, 5): CPU time: charge the stretch that ends at each mode change and switch
void account_enter_kernel(Task* t, u64 now_ns) {
    if (t->acct_since_ns && now_ns > t->acct_since_ns) {
        t->utime_ns.fetch_add(now_ns - t->acct_since_ns, std::memory_order_relaxed);
        cpu_itimer_charge(t, now_ns - t->acct_since_ns, 0);
    }
    t->acct_since_ns = now_ns;
    t->acct_in_user = false;
}

void account_enter_user(Task* t, u64 now_ns) {
    if (t->acct_since_ns && now_ns > t->acct_since_ns) {
        t->stime_ns.fetch_add(now_ns - t->acct_since_ns, std::memory_order_relaxed);
        cpu_itimer_charge(t, 0, now_ns - t->acct_since_ns);
    }
    t->acct_since_ns = now_ns;
    t->acct_in_user = true;
}

void account_switch(Task* prev, Task* next, u64 now_ns) {
    if (!prev->is_idle && prev->acct_since_ns && now_ns > prev->acct_since_ns) {
        prev->stime_ns.fetch_add(now_ns - prev->acct_since_ns, std::memory_order_relaxed);
        cpu_itimer_charge(prev, 0, now_ns - prev->acct_since_ns);
    }
    prev->acct_since_ns = 0;
    next->acct_since_ns = now_ns;
    next->acct_in_user = false;
}
// LAB_FALLBACK
// void account_enter_kernel(Task*, u64) {}
// void account_enter_user(Task*, u64) {}
// void account_switch(Task*, Task*, u64) {}
// LAB_END

CpuTimes cpu_times(Task* t) {
    CpuTimes c{t->utime_ns.load(std::memory_order_relaxed),
               t->stime_ns.load(std::memory_order_relaxed)};
    // The stretch in progress, if it runs (a racy but harmless read of another CPU's).
    u64 since = t->acct_since_ns;
    if (since && t->on_cpu.load(std::memory_order_relaxed)) {
        u64 now = ktime::now_ns();
        if (now > since) (t->acct_in_user ? c.user_ns : c.system_ns) += now - since;
    }
    return c;
}

CpuTimes process_cpu_times(Task* t) {
    SpinLockGuard g(tree_lock());
    ThreadGroup* group = t->group;
    if (!group) return cpu_times(t);  // a kernel thread
    // The threads not freed yet (a zombie leader included), and those that were.
    CpuTimes sum{group->dead_user_ns, group->dead_system_ns};
    for (Task& thread : group->threads) {
        CpuTimes c = cpu_times(&thread);
        sum.user_ns += c.user_ns;
        sum.system_ns += c.system_ns;
    }
    return sum;
}

CpuTimes children_cpu_times(Task* t) {
    SpinLockGuard g(tree_lock());
    return CpuTimes{t->children_utime_ns, t->children_stime_ns};
}

void account_reaped(Task* parent, Task* child) {
    CpuTimes c = cpu_times(child);
    parent->children_utime_ns += c.user_ns + child->children_utime_ns;
    parent->children_stime_ns += c.system_ns + child->children_stime_ns;
}

}  // namespace proc
