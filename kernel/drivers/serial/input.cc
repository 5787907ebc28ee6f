// kernel/drivers/serial/input.cc — COM1 receive interrupts into a ring buffer.
//
// The handler drains the UART's FIFO completely (the line is edge triggered: an
// interrupt left pending would never fire again), pushes the bytes into the ring
// under its lock, wakes wait_read's sleepers (the terminal's receive thread) and sends
// the EOI. read() with a timeout (the boot tests') sleeps with `hlt` between checks.
#include "drivers/serial/input.hh"

#include <atomic>

#include "arch/x86_64/interrupts.hh"
#include "arch/x86_64/ioapic.hh"
#include "arch/x86_64/irq.hh"
#include "arch/x86_64/lapic.hh"
#include "arch/x86_64/percpu.hh"
#include "drivers/serial/uart16550.hh"
#include "drivers/timer/clock.hh"
#include "lib/log.hh"
#include "lib/spinlock.hh"
#include "proc/sched.hh"

namespace serial {
namespace {

struct Ring {
    static constexpr usize SIZE = 1024;
    u8 data[SIZE];
    usize head = 0;  // next byte to read
    usize count = 0;
    u64 overruns = 0;

    void push(u8 c) {
        if (count == SIZE) {
            ++overruns;
            return;
        }
        data[(head + count) % SIZE] = c;
        ++count;
    }
    usize pop(char* out, usize len) {
        usize n = 0;
        while (n < len && count) {
            out[n++] = static_cast<char>(data[head]);
            head = (head + 1) % SIZE;
            --count;
        }
        return n;
    }
};

SpinLock ring_lock("serial input");
Ring ring;                // ring_lock
proc::WaitQueue waiters;  // wait_read's sleepers (ring_lock)
bool enabled = false;
std::atomic<u64> interrupts{0};

constexpr u8 VECTOR_COM1 = arch::VECTOR_IRQ_BASE + COM1_IRQ;

void rx_handler(arch::TrapFrame&) {
    interrupts.fetch_add(1, std::memory_order_relaxed);
    {
        SpinLockGuard g(ring_lock);
        for (int c; (c = com1().try_get()) >= 0;) ring.push(static_cast<u8>(c));
        if (ring.count) proc::wake_all(waiters);
    }
    lapic::eoi();
}

}  // namespace

void input_init() {
    if (!com1().present()) return;
    arch::set_interrupt_handler(VECTOR_COM1, rx_handler, "com1");
    if (auto r = ioapic::route_isa_irq(COM1_IRQ, VECTOR_COM1, arch::this_cpu()->apic_id);
        r.is_error()) {
        klog::warn("serial: no interrupt route for COM1 ({}); console input is off",
                   errno_name(r.error()));
        return;
    }
    while (com1().try_get() >= 0) {}  // stale bytes would hold the (edge-triggered) line high
    com1().enable_rx_interrupt();
    enabled = true;
    klog::info("serial: COM1 input on irq {} (vector {:#x})", COM1_IRQ, VECTOR_COM1);
}

bool input_enabled() { return enabled; }

Result<usize> read(char* buf, usize len, u64 timeout_ns) {
    if (!enabled) return Error(ENODEV);
    if (!arch::irqs_enabled()) return Error(EINVAL);
    if (len == 0) return usize(0);
    u64 deadline = ktime::now_ns() + timeout_ns;
    for (;;) {
        arch::irq_disable();  // so that a byte arriving after the check still wakes the hlt
        usize n;
        {
            SpinLockGuard g(ring_lock);
            n = ring.pop(buf, len);
        }
        if (n) {
            arch::irq_enable();
            return n;
        }
        if (!ktime::calibrated() || ktime::now_ns() >= deadline) {
            arch::irq_enable();
            return Error(ETIMEDOUT);
        }
        asm volatile("sti; hlt" ::
                         : "memory");  // sti takes effect after hlt starts: no lost wake-up
    }
}

Result<usize> wait_read(char* buf, usize len) {
    if (!enabled) return Error(ENODEV);
    if (len == 0) return usize(0);
    SpinLockGuard g(ring_lock);
    for (;;) {
        if (usize n = ring.pop(buf, len)) return n;
        proc::sleep_on(waiters, ring_lock);
    }
}

Result<usize> read_line(char* buf, usize size, u64 timeout_ns) {
    if (size == 0) return Error(EINVAL);
    u64 deadline = ktime::now_ns() + timeout_ns;
    usize n = 0;
    for (;;) {
        u64 now = ktime::now_ns();
        if (now >= deadline) return Error(ETIMEDOUT);
        char c;
        TRY(read(&c, 1, deadline - now));
        if (c == '\r' || c == '\n') {
            if (n == 0 && c == '\n') continue;  // the "\n" of a "\r\n" pair
            break;
        }
        if (n + 1 < size) buf[n++] = c;
    }
    buf[n] = 0;
    return n;
}

u64 input_interrupts() { return interrupts.load(std::memory_order_relaxed); }
u64 input_overruns() {
    SpinLockGuard g(ring_lock);
    return ring.overruns;
}

}  // namespace serial
