// kernel/proc/kthread.cc — creating and ending kernel threads; the reaper (kthread.hh).
//
// A new kernel thread's stack is made to look as if it had called context_switch:
// six zeroed callee-saved registers, except R12 = fn and R13 = arg, and
// kthread_trampoline (context_switch.S) as the return address, which finishes the
// switch, turns interrupts on and calls fn(arg), then kthread_exit.
//
// The reaper keeps a lock-free stack of tasks to free (reaper_defer may run anywhere,
// even under the run-queue lock of a switch) and sleeps with the three-step protocol
// of sched.hh, so a defer between its check and its sleep is never lost.
#include "proc/kthread.hh"

#include <atomic>

#include "arch/x86_64/cpu.hh"
#include "arch/x86_64/irq.hh"
#include "arch/x86_64/percpu.hh"
#include "lib/log.hh"
#include "proc/sched.hh"
#include "proc/table.hh"

extern "C" void kthread_trampoline();
extern "C" [[noreturn]] void kthread_return();

namespace proc {
namespace {

std::atomic<Task*> to_reap{nullptr};
std::atomic<Task*> reaper{nullptr};
std::atomic<u64> freed{0};

void reaper_loop(void*) {
    for (;;) {
        set_sleeping();
        Task* list = to_reap.exchange(nullptr, std::memory_order_acquire);
        if (!list) {
            schedule_sleeping();
            continue;
        }
        set_running();
        while (list) {
            Task* t = list;
            list = t->reap_next;
            task_destroy(t);  // waits until it is off its CPU
            freed.fetch_add(1, std::memory_order_relaxed);
        }
    }
}

}  // namespace

// LAB_BEGIN(04-clone, 1): kernel threads: a task with no address space whose first switch-in runs fn(arg) in ring 0
Result<Task*> kthread_create(const char* name, KthreadFn fn, void* arg) {
    Task* t = TRY(task_alloc());
    t->is_kthread = true;
    usize i = 0;
    for (; name[i] && i + 1 < sizeof t->name; ++i) t->name[i] = name[i];
    t->name[i] = 0;
    u64* sp = reinterpret_cast<u64*>(t->kstack.top);  // 16-byte aligned once `ret` pops:
    *--sp = reinterpret_cast<u64>(kthread_trampoline);
    // As context_switch pops them: r15, r14, r13, r12, rbx, rbp (lowest address first).
    u64 regs[6] = {0, 0, reinterpret_cast<u64>(arg), reinterpret_cast<u64>(fn), 0, 0};
    for (int r = 5; r >= 0; --r) *--sp = regs[r];
    t->saved_rsp = reinterpret_cast<u64>(sp);
    task_get(t);  // the caller's
    make_runnable(t);
    return t;
}

[[noreturn]] void kthread_exit() {
    Task* me = current();
    arch::irq_disable();
    me->state = State::Zombie;
    task_put(me);  // its own reference: the reaper frees it once it is off this CPU
    schedule_dead();
}
// LAB_FALLBACK
// Result<Task*> kthread_create(const char*, KthreadFn, void*) { return Error(ENOSYS); }
// [[noreturn]] void kthread_exit() { panic("TODO(lab 04-clone): kthread_exit"); }
// LAB_END

void reaper_defer(Task* t) {
    Task* head = to_reap.load(std::memory_order_relaxed);
    do t->reap_next = head;
    while (!to_reap.compare_exchange_weak(head, t, std::memory_order_release,
                                          std::memory_order_relaxed));
    if (Task* r = reaper.load(std::memory_order_acquire)) wake_task(r);
}

void reaper_start() {
    auto r = kthread_create("reaper", reaper_loop, nullptr);
    if (r.is_error()) panic("reaper: cannot start: {}", errno_name(r.error()));
    reaper.store(r.value(), std::memory_order_release);  // keeps the caller's reference
}

u64 reaper_freed() { return freed.load(std::memory_order_relaxed); }

}  // namespace proc

// context_switch.S's kthread_trampoline, when the thread's function returns.
extern "C" [[noreturn]] void kthread_return() { proc::kthread_exit(); }
