// labs/04-clone/ktests/boot_wait.hh — how lab 04's KTESTs wait for the threads they start.
//
// KTESTs run in the boot CPU's context, which is that CPU's idle task: it cannot sleep,
// and it runs only when the CPU has nothing else to do. So it waits by yielding to the
// threads queued on its CPU and halting until the next interrupt between checks.
#pragma once

#include <atomic>

#include "arch/x86_64/irq.hh"
#include "drivers/timer/clock.hh"
#include "proc/sched.hh"

namespace ktest04 {

constexpr u64 MS = 1000000;

/// Waits until @p v reaches @p target; false after @p timeout_ms.
inline bool wait_until(const std::atomic<int>& v, int target, u64 timeout_ms = 5000) {
    u64 end = ktime::now_ns() + timeout_ms * MS;
    while (v.load(std::memory_order_acquire) < target) {
        if (ktime::now_ns() > end) return false;
        proc::yield();
        arch::irq_enable();
        asm volatile("hlt");
    }
    return true;
}

}  // namespace ktest04
