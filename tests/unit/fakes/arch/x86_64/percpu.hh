// tests/unit/fakes/arch/x86_64/percpu.hh — the host stand-in for kernel/arch/x86_64/percpu.hh.
//
// Each host thread is one CPU with its own PerCpu (same fields as the kernel's). The
// first thread to ask gets index 0, later threads 1, 2, ... so threads never look like
// one CPU taking its own lock; fake::set_cpu_index() lets a test pretend to be another
// CPU (e.g. to unlock a lock "held by cpu 1").
#pragma once

#include <atomic>

#include "lib/types.hh"

namespace arch {

struct Tss;

constexpr unsigned MAX_CPUS = 16;

struct PerCpu {
    PerCpu* self;
    u32 index;
    u32 apic_id;
    u64 kernel_rsp;
    u64 user_rsp;
    Tss* tss;
    u64 ticks;
    u32 irq_depth;
    u32 locks_held;
    std::atomic<bool> online;
};

inline PerCpu* cpus[MAX_CPUS];
inline std::atomic<unsigned> cpus_online{0};

}  // namespace arch

namespace fake {
inline std::atomic<u32> next_cpu_index{0};

/// The calling thread's PerCpu, created on first use.
inline arch::PerCpu*& current_cpu() {
    thread_local arch::PerCpu own{};
    thread_local arch::PerCpu* current = nullptr;
    if (!current) {
        own.self = &own;
        own.index = next_cpu_index.fetch_add(1) % arch::MAX_CPUS;
        own.apic_id = own.index;
        own.online = true;
        current = &own;
    }
    return current;
}
/// Makes the calling thread claim to be CPU @p index from now on.
inline void set_cpu_index(u32 index) { current_cpu()->index = index; }
}  // namespace fake

namespace arch {

/// Installs @p cpu as the calling thread's PerCpu.
inline void percpu_install(PerCpu* cpu) {
    cpu->self = cpu;
    fake::current_cpu() = cpu;
}
inline PerCpu* this_cpu() { return fake::current_cpu(); }
inline unsigned cpu_index() { return fake::current_cpu()->index; }

}  // namespace arch
