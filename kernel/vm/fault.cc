// kernel/vm/fault.cc — page faults at user addresses, and the exception table (fault.hh).
//
// The exception table is an array of (instruction, fixup) address pairs that the
// assembler collects in the .extable section (user_copy.S emits one pair for each
// instruction that touches user memory); the linker script puts it between
// __extable_start and __extable_end. It is short, so a linear search does.
#include "vm/fault.hh"

#include <atomic>

#include "arch/x86_64/cpu.hh"
#include "arch/x86_64/interrupts.hh"
#include "arch/x86_64/irq.hh"
#include "arch/x86_64/percpu.hh"
#include "lib/log.hh"
#include "proc/current.hh"
#include "vm/address_space.hh"

extern "C" const uptr __extable_start[], __extable_end[];

namespace vm {
namespace {

// The page-fault error code (Intel SDM vol. 3A, 4.7).
constexpr u64 PF_PRESENT = 1u << 0, PF_WRITE = 1u << 1, PF_RESERVED = 1u << 3, PF_FETCH = 1u << 4;
constexpr int SIGKILL = 9, SIGSEGV = 11;
constexpr u64 CR4_SMAP = 1u << 21, RFLAGS_AC = 1u << 18;

std::atomic<u64> resolved_count{0}, killed_count{0}, fixup_count{0};

AddressSpace* borrowed[arch::MAX_CPUS];

const char* outcome_name(FaultOutcome o) {
    switch (o) {
    case FaultOutcome::Resolved:
        return "resolved";
    case FaultOutcome::BadAddress:
        return "no mapping";
    case FaultOutcome::BadAccess:
        return "access not allowed";
    case FaultOutcome::OutOfMemory:
        return "out of memory";
    }
    return "?";
}

}  // namespace

uptr extable_fixup(uptr rip) {
    for (const uptr* e = __extable_start; e + 1 < __extable_end; e += 2)
        if (e[0] == rip) return e[1];
    return 0;
}

void use_space_on_this_cpu(AddressSpace* space) {
    borrowed[arch::cpu_index() % arch::MAX_CPUS] = space;
}

FaultStats fault_stats() {
    return {resolved_count.load(std::memory_order_relaxed),
            killed_count.load(std::memory_order_relaxed),
            fixup_count.load(std::memory_order_relaxed)};
}

//! [page_fault_entry]
bool page_fault(arch::TrapFrame& f) {
    vaddr_t address = arch::read_cr2();
    bool user = (f.cs & 3) == 3;
    uptr fixup = user ? 0 : extable_fixup(f.rip);
    if (!user && !fixup) return false;  // the kernel's own fault: a bug, reported by the caller
    if (f.error_code & PF_RESERVED) return false;  // corrupt tables: report
    //! [page_fault_entry]

    // LAB_BEGIN(03-processes, 1): resolve the fault in the current address space (interrupts on as they were); kernel copies that fail resume at their fixup, user faults that fail kill the process
    // Handle the fault with interrupts as they were where it happened.
    bool irqs = f.rflags & arch::RFLAGS_IF;
    if (irqs) arch::irq_enable();
    FaultOutcome outcome = FaultOutcome::BadAddress;
    AddressSpace* as = proc::current_address_space();
    if (!as) as = borrowed[arch::cpu_index() % arch::MAX_CPUS];
    // A kernel access to a present user page with EFLAGS.AC clear is one SMAP forbade:
    // mapping nothing would help (it would fault again, for ever).
    bool smap_violation = !user && (f.error_code & PF_PRESENT) && (arch::read_cr4() & CR4_SMAP) &&
                          !(f.rflags & RFLAGS_AC);
    if (address < USER_TOP && as && !smap_violation)
        outcome = as->handle_fault(address, f.error_code & PF_WRITE, f.error_code & PF_FETCH);
    arch::irq_disable();
    if (outcome == FaultOutcome::Resolved) {
        resolved_count.fetch_add(1, std::memory_order_relaxed);
        return true;
    }
    if (!user) {
        fixup_count.fetch_add(1, std::memory_order_relaxed);
        f.rip = fixup;  // the copy returns EFAULT
        return true;
    }
    killed_count.fetch_add(1, std::memory_order_relaxed);
    klog::info("vm: user page fault at {:#x} (rip {:#x}, error {:#x}): {}", address, f.rip,
               f.error_code, outcome_name(outcome));
    if (outcome == FaultOutcome::OutOfMemory)
        proc::fault_signal(f, SIGKILL, 0x80, address);  // SI_KERNEL
    else
        proc::fault_signal(f, SIGSEGV,
                           outcome == FaultOutcome::BadAccess ? 2 : 1,  // SEGV_ACCERR, SEGV_MAPERR
                           address);
    return true;
    // LAB_FALLBACK
    // (void)outcome_name;
    // (void)address;
    // if (!user) {
    //     f.rip = fixup;
    //     return true;
    // }
    // return false;
    // LAB_END
}

}  // namespace vm
