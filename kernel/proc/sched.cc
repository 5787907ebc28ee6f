// kernel/proc/sched.cc — run queues, context switches, preemption, sleep and wakeup (sched.hh).
#include "proc/sched.hh"

#include <atomic>
#include <optional>

#include "arch/x86_64/cpu.hh"
#include "arch/x86_64/lapic.hh"
#include "arch/x86_64/percpu.hh"
#include "arch/x86_64/tss.hh"
#include "drivers/timer/clock.hh"
#include "lib/log.hh"
#include "mm/kernel_tables.hh"
#include "proc/kthread.hh"
#include "proc/process.hh"
#include "proc/timer.hh"
#include "vm/address_space.hh"
#include "vm/user_copy.hh"

namespace proc {
namespace {

constexpr u8 VECTOR_RESCHED = 0xf3;

struct RunQueue {
    SpinLock lock{"runqueue", lock_rank::RUNQUEUE};
    IntrusiveList<Task, &Task::run_node> queue;
    Task* current = nullptr;
    Task* last = nullptr;  // the task this CPU switched away from last (finish_switch)
    Task idle;             // this CPU's boot context
    u64 busy_ticks = 0;
};

RunQueue rqs[arch::MAX_CPUS];
std::atomic<bool> ready{false};
std::atomic<u64> switches{0};
std::atomic<u64> stolen{0};

RunQueue& this_rq() { return rqs[arch::cpu_index()]; }

void resched_ipi(arch::TrapFrame&) { lapic::eoi(); }

// Kicks CPU @p cpu out of its idle halt when it has nothing to run.
void kick(unsigned cpu) {
    if (cpu == arch::cpu_index() || !arch::cpus[cpu]) return;
    if (rqs[cpu].current && rqs[cpu].current->is_idle)
        lapic::send_ipi(arch::cpus[cpu]->apic_id, VECTOR_RESCHED);
}

usize load_of(unsigned cpu) {
    const RunQueue& rq = rqs[cpu];
    return rq.queue.size() + (rq.current && !rq.current->is_idle ? 1 : 0);
}

// The second half of a switch, run by the task that was switched to.
void finish_switch() {
    RunQueue& rq = this_rq();
    if (rq.last) rq.last->on_cpu.store(false, std::memory_order_release);  // see Task::on_cpu
    rq.last = nullptr;
    rq.lock.unlock_irqs_off();
}

//! [switch_locked]
// With this CPU's run-queue lock held and interrupts off: picks the next task and
// switches to it. Returns (in @p prev) when prev runs again, the lock released.
void switch_locked(RunQueue& rq, Task* prev) {
    // LAB_BEGIN(03-processes, 2): pick the next task (or idle), switch FPU, CR3, FS base and rsp0, then context_switch
    Task* next = rq.queue.pop_front();
    if (!next) {
        if (prev->state == State::Running) {  // nothing else to run: carry on
            rq.lock.unlock_irqs_off();
            return;
        }
        next = &rq.idle;
    }
    if (prev->state == State::Running) {
        prev->state = State::Runnable;
        if (!prev->is_idle) rq.queue.push_back(*prev);
    }
    unsigned cpu = arch::cpu_index();
    next->state = State::Running;
    next->cpu = cpu;
    next->on_cpu.store(true, std::memory_order_relaxed);
    next->slice_ticks = 0;
    rq.current = next;
    if (next == prev) {
        rq.lock.unlock_irqs_off();
        return;
    }
    rq.last = prev;

    // The user-visible state: FPU registers, page tables, thread pointer, kernel entry stack.
    if (prev->as) arch::fpu_save(prev->fpu);
    if (next->as) {
        arch::fpu_restore(next->fpu);
        next->as->activate();
        arch::wrmsr(arch::MSR_FS_BASE, next->fs_base);
    } else if (arch::read_cr3() != mm::kernel_root()) {
        vm::AddressSpace::
            activate_kernel();  // never keep a space that may be freed; leave its CPU set
    }
    arch::PerCpu* pc = arch::this_cpu();
    if (!next->is_idle) {
        pc->tss->rsp[0] = next->kstack.top;
        pc->kernel_rsp = next->kstack.top;
    }
    switches.fetch_add(1, std::memory_order_relaxed);
    u32 depth = pc->irq_depth;
    prev->irq_depth = depth;
    context_switch(&prev->saved_rsp, next->saved_rsp);
    // prev runs again here, perhaps on another CPU.
    finish_switch();
    arch::this_cpu()->irq_depth = prev->irq_depth;
    // LAB_FALLBACK
    // (void)prev;
    // rq.lock.unlock_irqs_off();
    // LAB_END
}
//! [switch_locked]

void schedule() {
    IrqGuard irqs_off;  // back on (if they were) when this task runs again
    RunQueue& rq = this_rq();
    rq.lock.lock_irqs_off();
    switch_locked(rq, rq.current);
}

// An idle CPU takes one queued task from the busiest other CPU.
bool steal() {
    // LAB_BEGIN(03-processes, 3): load balancing: take a waiting task from the busiest other run queue
    unsigned me = arch::cpu_index();
    unsigned victim = me;
    usize most = 0;
    unsigned n = arch::cpus_online.load(std::memory_order_acquire);
    for (unsigned c = 0; c < n && c < arch::MAX_CPUS; ++c) {
        if (c == me) continue;
        usize len = rqs[c].queue.size();
        if (len > most) most = len, victim = c;
    }
    if (victim == me) return false;
    std::optional<IrqState> irqs = rqs[victim].lock.try_lock();
    if (!irqs) return false;
    Task* t = nullptr;
    for (Task& cand : rqs[victim].queue)
        if (!cand.on_cpu.load(std::memory_order_relaxed))
            t = &cand;  // the tail: the one that waited least
    if (t) {
        rqs[victim].queue.remove(*t);
        t->cpu = me;
    }
    rqs[victim].lock.unlock(std::move(*irqs));
    if (!t) return false;
    {
        RunQueue& rq = this_rq();
        SpinLockGuard g(rq.lock);
        rq.queue.push_back(*t);
    }
    stolen.fetch_add(1, std::memory_order_relaxed);
    return true;
    // LAB_FALLBACK
    // return false;
    // LAB_END
}

// A timed sleep's time-out (sleep_on_until): wakes the sleeper.
void wake_sleeper(Timer& t) { wake_task(static_cast<Task*>(t.arg)); }

// Makes the calling CPU's context its idle task (the boot CPU: from sched_init on, so
// that boot-time code, KTESTs among them, runs as a task that can yield).
void adopt_idle(RunQueue& rq) {
    if (rq.current) return;
    rq.idle.is_idle = true;
    rq.idle.state = State::Running;
    rq.idle.on_cpu.store(true, std::memory_order_relaxed);
    rq.idle.cpu = arch::cpu_index();
    const char name[] = "idle";
    for (usize i = 0; i < sizeof name; ++i) rq.idle.name[i] = name[i];
    rq.current = &rq.idle;
}

}  // namespace

Task* current() {
    IrqGuard irqs_off;  // not moved to another CPU between the index and the read
    return rqs[arch::cpu_index()].current;
}

void sched_init() {
    arch::set_interrupt_handler(VECTOR_RESCHED, resched_ipi, "reschedule");
    {
        IrqGuard irqs_off;
        adopt_idle(this_rq());
    }
    ready.store(true, std::memory_order_release);
    reaper_start();
}

bool sched_ready() { return ready.load(std::memory_order_acquire); }

[[noreturn]] void cpu_idle_loop() {
    RunQueue& rq = this_rq();
    arch::irq_disable();
    adopt_idle(rq);
    for (;;) {
        arch::irq_disable();
        if (ready.load(std::memory_order_acquire)) {
            if (rq.queue.empty()) steal();
            if (!rq.queue.empty()) {
                schedule();
                continue;
            }
        }
        asm volatile("sti; hlt" ::: "memory");
    }
}

void make_runnable(Task* t) {
    unsigned n = arch::cpus_online.load(std::memory_order_acquire);
    unsigned best = arch::cpu_index();
    usize best_load = load_of(best);
    for (unsigned c = 0; c < n && c < arch::MAX_CPUS; ++c) {
        if (!rqs[c].current) continue;  // not in its idle loop yet
        usize l = load_of(c);
        if (l < best_load) best = c, best_load = l;
    }
    {
        RunQueue& rq = rqs[best];
        SpinLockGuard g(rq.lock);
        t->state = State::Runnable;
        t->cpu = best;
        rq.queue.push_back(*t);
    }
    kick(best);
}

void yield() { schedule(); }

void timer_tick(arch::TrapFrame& frame) {
    if (!ready.load(std::memory_order_relaxed)) return;
    RunQueue& rq = this_rq();
    Task* cur = rq.current;
    if (!cur) return;
    timers_expire();
    if (cur->is_idle) return;  // the idle loop looks at its queue when the tick wakes it
    ++rq.busy_ticks;
    if (!(frame.cs & 3)) return;               // kernel code is not preempted
    if (must_die()) handle_pending_signals();  // killed while computing: end it now
    if (++cur->slice_ticks >= SLICE_TICKS && !rq.queue.empty()) schedule();
}

void may_sleep([[maybe_unused]] const char* what, [[maybe_unused]] unsigned locks_allowed) {
#if LARCH_DEBUG
    arch::PerCpu* pc = arch::this_cpu();
    Task* me = rqs[pc->index].current;
    if (!me || me->is_idle) panic("{}: sleeping in an idle loop (cpu {})", what, pc->index);
    if (pc->irq_depth) panic("{}: sleeping inside an interrupt handler", what);
    if (pc->locks_held > locks_allowed)
        panic("{}: sleeping with {} spinlock(s) held (at most {} allowed)", what, pc->locks_held,
              locks_allowed);
    if (!locks_allowed && !arch::irqs_enabled()) panic("{}: sleeping with interrupts off", what);
#endif
}

void sleep_on(WaitQueue& wq, SpinLock& lock) { sleep_on_until(wq, lock, 0); }

void sleep_on_until(WaitQueue& wq, SpinLock& lock, u64 deadline_ns) {
    may_sleep("sleep_on", 1);
    Task* me = current();
    WaitEntry entry(me);
    wq.add(entry);
    Timer timeout(wake_sleeper, me);
    if (deadline_ns) timer_start(timeout, deadline_ns);
    // Interrupts are off (the caller holds @p lock) and stay off through the switch.
    RunQueue& rq = this_rq();
    rq.lock.lock_irqs_off();
    me->state = State::Sleeping;
    lock.unlock_irqs_off();
    switch_locked(rq, me);
    lock.lock_irqs_off();
    wq.remove_if_linked(entry);
    if (deadline_ns) timer_cancel(timeout);
}

void wake_all(WaitQueue& wq) { wq.wake_all(); }

bool wake_task(Task* t) {
    for (;;) {
        unsigned c = t->cpu;
        RunQueue& rq = rqs[c];
        bool queued = false;
        {
            SpinLockGuard g(rq.lock);
            if (t->cpu != c) continue;  // it moved meanwhile: try its new queue
            if (t->state != State::Sleeping) return false;
            if (rq.current == t) {
                // Between set_sleeping and its switch-out (which happens under this
                // lock and will now see Running): it simply does not leave the CPU.
                t->state = State::Running;
                return true;
            }
            t->state = State::Runnable;
            rq.queue.push_back(*t);
            queued = true;
        }
        if (queued) kick(c);
        return true;
    }
}

void set_sleeping() {
    IrqGuard irqs_off;
    RunQueue& rq = this_rq();
    SpinLockGuard g(rq.lock);
    rq.current->state = State::Sleeping;
}

void set_running() {
    IrqGuard irqs_off;
    RunQueue& rq = this_rq();
    SpinLockGuard g(rq.lock);
    rq.current->state = State::Running;
}

void schedule_sleeping() {
    IrqGuard irqs_off;
    RunQueue& rq = this_rq();
    rq.lock.lock_irqs_off();
    Task* me = rq.current;
    if (me->state != State::Sleeping) {  // woken already
        rq.lock.unlock_irqs_off();
        return;
    }
    switch_locked(rq, me);
}

[[noreturn]] void schedule_dead() {
    arch::irq_disable();
    RunQueue& rq = this_rq();
    rq.lock.lock_irqs_off();
    switch_locked(rq, rq.current);
    panic("schedule_dead: a zombie ran again");
}

void log_scheduler_stats() {
    char line[200];
    usize n = 0;
    unsigned cpus = arch::cpus_online.load();
    for (unsigned c = 0; c < cpus && c < arch::MAX_CPUS; ++c)
        n += fmt::format_to(line + n, sizeof line - n, " cpu{}={}", c, rqs[c].busy_ticks);
    klog::info("sched: {} context switches, {} tasks stolen; busy ticks:{}", switches.load(),
               stolen.load(), line);
}

u64 context_switches() { return switches.load(); }
u64 tasks_stolen() { return stolen.load(); }
u64 busy_ticks(unsigned cpu) { return cpu < arch::MAX_CPUS ? rqs[cpu].busy_ticks : 0; }
usize queue_length(unsigned cpu) { return cpu < arch::MAX_CPUS ? rqs[cpu].queue.size() : 0; }

}  // namespace proc

// A new task's first code in the kernel (context_switch.S's task_trampoline): the
// second half of the switch that started it, then straight to user mode.
extern "C" void task_first_run() {
    proc::finish_switch();
    arch::this_cpu()->irq_depth = 0;
    proc::Task* t = proc::current();
    if (!t->set_child_tid
             .is_null()) {  // in the child's own address space, as Linux's schedule_tail
        arch::irq_enable();
        (void)t->set_child_tid.write(t->tid);
        arch::irq_disable();
    }
}

// context_switch.S's kthread_trampoline: the second half of the switch that started a
// kernel thread; it then runs with interrupts on.
extern "C" void kthread_first_run() {
    proc::finish_switch();
    arch::this_cpu()->irq_depth = 0;
    arch::irq_enable();
}
