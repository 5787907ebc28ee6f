// kernel/arch/x86_64/irq_vectors.cc — the run-time vector allocator and its common entry.
//
// Each dynamic vector is registered once with arch::set_interrupt_handler (which never
// unregisters), on its first allocation, with one entry point: dispatch() looks up the
// slot of the vector that fired and calls its handler with its context. A freed slot
// keeps its registration and merely stops calling anything, so a late interrupt after
// free() is an EOI and nothing more.
#include "arch/x86_64/irq_vectors.hh"

#include <atomic>

#include "arch/x86_64/interrupts.hh"
#include "arch/x86_64/lapic.hh"
#include "lib/spinlock.hh"

namespace irqvec {
namespace {

constexpr usize SLOTS = LAST_DYNAMIC - FIRST_DYNAMIC + 1;

struct Slot {
    std::atomic<Handler> fn{nullptr};
    void* ctx = nullptr;
    bool taken = false;
    bool registered = false;
};

Slot slots[SLOTS];
SpinLock lock("irq-vectors");

void dispatch(arch::TrapFrame& f) {
    if (f.vector >= FIRST_DYNAMIC && f.vector <= LAST_DYNAMIC) {
        Slot& s = slots[f.vector - FIRST_DYNAMIC];
        if (Handler fn = s.fn.load(std::memory_order_acquire)) fn(s.ctx);
    }
    lapic::eoi();
}

}  // namespace

Result<u8> alloc(Handler fn, void* ctx, const char* name) {
    if (!fn) return Error(EINVAL);
    usize i = 0;
    bool need_register = false;
    {
        SpinLockGuard g(lock);
        while (i < SLOTS && slots[i].taken) ++i;
        if (i == SLOTS) return Error(ENOSPC);
        Slot& s = slots[i];
        s.taken = true;
        s.ctx = ctx;
        s.fn.store(fn, std::memory_order_release);
        need_register = !s.registered;
        s.registered = true;
    }
    u8 vector = u8(FIRST_DYNAMIC + i);
    if (need_register) arch::set_interrupt_handler(vector, dispatch, name);
    return vector;
}

void free(u8 vector) {
    if (vector < FIRST_DYNAMIC || vector > LAST_DYNAMIC) return;
    SpinLockGuard g(lock);
    Slot& s = slots[vector - FIRST_DYNAMIC];
    s.fn.store(nullptr, std::memory_order_release);
    s.ctx = nullptr;
    s.taken = false;
}

usize in_use() {
    SpinLockGuard g(lock);
    usize n = 0;
    for (const Slot& s : slots) n += s.taken;
    return n;
}

}  // namespace irqvec
