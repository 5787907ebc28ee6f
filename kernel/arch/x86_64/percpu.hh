// kernel/arch/x86_64/percpu.hh — data private to each CPU, reached through GS.
//
// GS.base of every CPU points at its PerCpu; the first field points at itself so that
// `mov %gs:0, %rax` yields the structure's address. The boot CPU's PerCpu is
// installed first thing in kernel_entry, before anything that takes a lock.
// Fields used from assembly have fixed offsets checked by static_assert.
#pragma once

#include <atomic>

#include "lib/types.hh"

namespace arch {

struct Tss;

constexpr unsigned MAX_CPUS = 16;

struct PerCpu {
    PerCpu* self;              ///< offset 0: this structure
    u32 index;                 ///< offset 8: 0 for the boot CPU, then 1, 2, ... in start order
    u32 apic_id;               ///< the local APIC's id (from the MADT)
    u64 kernel_rsp;            ///< offset 16: the stack to enter the kernel on (syscalls, lab 03)
    u64 user_rsp;              ///< offset 24: scratch for the syscall entry
    Tss* tss;                  ///< this CPU's task-state segment
    u64 ticks;                 ///< timer interrupts seen by this CPU
    u32 irq_depth;             ///< nested interrupt handlers running now
    u32 locks_held;            ///< spinlocks held (asserted to be 0 where we may sleep)
    std::atomic<bool> online;  ///< set by the CPU itself once it runs its idle loop
};
static_assert(__builtin_offsetof(PerCpu, self) == 0);
static_assert(__builtin_offsetof(PerCpu, index) == 8);
static_assert(__builtin_offsetof(PerCpu, kernel_rsp) == 16);

/// The PerCpu of each started CPU, indexed by PerCpu::index.
extern PerCpu* cpus[MAX_CPUS];
/// Number of CPUs that have come online (the boot CPU included).
extern std::atomic<unsigned> cpus_online;

/// Points GS.base (and KERNEL_GS_BASE) of the calling CPU at @p cpu.
void percpu_install(PerCpu* cpu);

/// This CPU's data. Valid from the first line of kernel_entry on.
inline PerCpu* this_cpu() {
    PerCpu* p;
    asm volatile("movq %%gs:0, %0" : "=r"(p));
    return p;
}
inline unsigned cpu_index() {
    u32 i;
    asm volatile("movl %%gs:8, %0" : "=r"(i));
    return i;
}

}  // namespace arch
