// kernel/arch/x86_64/smp.cc — starting the application processors, and cross-CPU calls.
//
// Start-up, one CPU at a time: copy the trampoline (trampoline.S) to a free page
// below 1 MiB, fill in its parameters (page tables, stack, PerCpu), then the
// INIT-SIPI-SIPI sequence; the CPU reports "started" from the trampoline and
// "online" from ap_entry once its tables, local APIC and tick are set up.
//
// Cross-CPU calls: one call slot, owned by whoever holds call_lock. The caller
// fills it, marks each target's pending flag and sends it VECTOR_IPI_CALL; a target
// acknowledges once it has copied the slot (and, for a waited call, again when fn
// has returned). While waiting, a CPU runs calls addressed to itself, so two CPUs
// calling each other with interrupts disabled do not deadlock.
#include "arch/x86_64/smp.hh"

#include <atomic>
#include <optional>

#include "arch/x86_64/backtrace.hh"
#include "arch/x86_64/cpu.hh"
#include "arch/x86_64/cpu_tables.hh"
#include "arch/x86_64/interrupts.hh"
#include "arch/x86_64/irq.hh"
#include "arch/x86_64/lapic.hh"
#include "arch/x86_64/percpu.hh"
#include "boot/cmdline.hh"
#include "boot/main.hh"
#include "drivers/acpi/acpi.hh"
#include "drivers/timer/clock.hh"
#include "lib/log.hh"
#include "lib/spinlock.hh"
#include "lib/string.hh"
#include "mm/layout.hh"

extern "C" const u8 ap_trampoline_start[], ap_trampoline_end[], ap_trampoline_params[];

namespace smp {
namespace {

constexpr u64 TRAMPOLINE_PHYS = 0x8000;  // must match AP_TRAMPOLINE_BASE in trampoline.S

/// The parameter block at the end of the trampoline (trampoline.S, ap_trampoline_params).
struct TrampolineParams {
    u64 efer;  ///< EFER bits to set: LME, and NXE when the boot CPU has it
    u64 cr3;   ///< the page tables to switch to once in the higher half
    u64 cr4;
    u64 stack;    ///< top of this CPU's boot stack
    u64 cpu;      ///< its PerCpu
    u64 started;  ///< set to 1 by the CPU in the trampoline
};

struct CallSlot {
    void (*fn)(void*);
    void* arg;
    bool wait;
    std::atomic<unsigned> acks;  ///< targets that copied the slot
    std::atomic<unsigned> done;  ///< targets that returned from fn (waited calls)
};
SpinLock call_lock("smp-call");
CallSlot slot;
std::atomic<bool> call_pending[arch::MAX_CPUS];

// Runs the call addressed to this CPU, if there is one.
void run_pending_call() {
    unsigned me = arch::cpu_index();
    if (!call_pending[me].exchange(false, std::memory_order_acquire)) return;
    void (*fn)(void*) = slot.fn;
    void* arg = slot.arg;
    bool wait = slot.wait;
    slot.acks.fetch_add(1, std::memory_order_release);
    fn(arg);
    if (wait) slot.done.fetch_add(1, std::memory_order_release);
}

void ipi_call_handler(arch::TrapFrame&) {
    lapic::eoi();
    run_pending_call();
}

void stop_others() { lapic::send_nmi_to_others(); }

void mark_boot_cpu_online() {
    arch::PerCpu* bsp = arch::this_cpu();
    if (bsp->online.load()) return;
    bsp->apic_id = lapic::present() ? lapic::id() : 0;
    bsp->online.store(true, std::memory_order_release);
    arch::cpus_online.store(1, std::memory_order_release);
}

}  // namespace

// LAB_BEGIN(01-boot, 5): start each enabled CPU of the MADT with INIT-SIPI-SIPI through the trampoline
namespace {

arch::PerCpu ap_cpus[arch::MAX_CPUS];  // [0] unused: the boot CPU's lives in boot/entry.cc

// True when [TRAMPOLINE_PHYS, +4 KiB) lies in a usable region of the memory map.
bool trampoline_page_free() {
    const boot::BootInfo& bi = boot::info();
    for (usize i = 0; i < bi.region_count; ++i) {
        const boot::MemoryRegion& r = bi.regions[i];
        if (r.type == boot::MemoryType::Usable && r.base <= TRAMPOLINE_PHYS &&
            r.base + r.length >= TRAMPOLINE_PHYS + mm::PAGE_SIZE)
            return true;
    }
    return false;
}

enum class StartResult { Online, NoAnswer, Stuck };

// Starts one CPU. A CPU that never answered is sent back to wait-for-SIPI and its
// index and stack may be reused; one that started but did not come online may still
// be running on them, so the caller must not hand them out again.
StartResult start_cpu(unsigned index, u32 apic_id) {
    arch::PerCpu& cpu = ap_cpus[index];
    cpu.index = index;
    cpu.apic_id = apic_id;
    cpu.online.store(false);

    //! [start_cpu]
    u8* page = mm::phys_to_virt<u8>(TRAMPOLINE_PHYS);
    usize size = static_cast<usize>(ap_trampoline_end - ap_trampoline_start);
    memcpy(page, ap_trampoline_start, size);
    auto* params = reinterpret_cast<volatile TrampolineParams*>(
        page + (ap_trampoline_params - ap_trampoline_start));
    constexpr u64 EFER_LME = 1u << 8, EFER_NXE = 1u << 11;
    params->efer = EFER_LME | (arch::rdmsr(arch::MSR_EFER) & EFER_NXE);
    params->cr3 = arch::read_cr3();
    params->cr4 = arch::read_cr4();
    params->stack = arch::cpu_boot_stack_top(index);
    params->cpu = reinterpret_cast<u64>(&cpu);
    params->started = 0;
    std::atomic_thread_fence(std::memory_order_seq_cst);

    constexpr u8 vector = TRAMPOLINE_PHYS >> 12;
    lapic::send_init(apic_id);
    ktime::delay_us(10000);
    lapic::send_startup(apic_id, vector);
    for (int i = 0; i < 200 && !params->started; ++i) ktime::delay_us(10);
    if (!params->started) {
        // Real CPUs answer within microseconds; a vCPU thread of an emulator on a busy
        // host may not run for a long time. Waiting 2 s costs nothing when it answers.
        lapic::send_startup(apic_id, vector);
        for (int i = 0; i < 20000 && !params->started; ++i) ktime::delay_us(100);
    }
    if (!params->started) {
        klog::error("smp: cpu {} (apic id {}) did not answer the startup IPIs", index, apic_id);
        lapic::send_init(apic_id);  // back to waiting, so it cannot run a later CPU's trampoline
        return StartResult::NoAnswer;
    }
    //! [start_cpu]
    // Started: now it sets itself up. TCG may take a while; give it 5 s.
    for (int i = 0; i < 50000 && !cpu.online.load(std::memory_order_acquire); ++i)
        ktime::delay_us(100);
    if (!cpu.online.load(std::memory_order_acquire)) {
        klog::error("smp: cpu {} (apic id {}) started but did not come online", index, apic_id);
        return StartResult::Stuck;
    }
    return StartResult::Online;
}

}  // namespace

void start_application_processors() {
    mark_boot_cpu_online();
    arch::set_interrupt_handler(arch::VECTOR_IPI_CALL, ipi_call_handler, "ipi call");
    const acpi::Info& a = acpi::info();
    u64 limit = cmdline::boot().get_u64("smp", arch::MAX_CPUS);
    if (limit < 1) limit = 1;
    if (limit > arch::MAX_CPUS) limit = arch::MAX_CPUS;
    if (!a.has_madt || a.enabled_cpus() <= 1 || limit == 1) {
        klog::info("smp: one CPU ({})", !a.has_madt  ? "no MADT"
                                        : limit == 1 ? "smp=1"
                                                     : "the only one in the MADT");
        return;
    }
    if (!ktime::calibrated() || !lapic::present()) {
        klog::error("smp: no calibrated clock or no local APIC; not starting other CPUs");
        return;
    }
    if (!trampoline_page_free()) {
        klog::error("smp: the trampoline page {:#x} is not usable memory; not starting other CPUs",
                    TRAMPOLINE_PHYS);
        return;
    }
    u32 bsp_id = arch::this_cpu()->apic_id;
    unsigned next = 1;
    for (usize i = 0; i < a.lapic_count && next < limit; ++i) {
        const acpi::Lapic& l = a.lapics[i];
        if (!l.enabled || l.apic_id == bsp_id) continue;
        StartResult r = start_cpu(next, l.apic_id);
        if (r == StartResult::NoAnswer) {
            // It may still wake up late and run the trampoline; if that page then held
            // another CPU's parameters, two CPUs would share one stack and PerCpu.
            klog::error("smp: not starting the remaining CPUs after a CPU that did not answer");
            break;
        }
        ++next;
    }
    if (arch::cpus_online.load() > 1) arch::stop_other_cpus_hook = stop_others;
    klog::info("smp: {} of {} CPUs online", arch::cpus_online.load(), a.enabled_cpus());
}
// LAB_FALLBACK
// void start_application_processors() {
//     mark_boot_cpu_online();
//     arch::set_interrupt_handler(arch::VECTOR_IPI_CALL, ipi_call_handler, "ipi call");
//     (void)stop_others;
//     klog::warn("smp: application processors not started (lab 01 TODO); one CPU");
// }
// LAB_END

unsigned cpu_count() { return arch::cpus_online.load(std::memory_order_acquire); }

void call_on_others(void (*fn)(void*), void* arg, bool wait) {
    IrqGuard irqs_off;
    std::optional<IrqState> lock_irqs;
    while (!(lock_irqs = call_lock.try_lock())) {
        run_pending_call();  // someone may be waiting for us while we wait for the lock
        arch::cpu_relax();
    }
    unsigned me = arch::cpu_index();
    unsigned targets = 0;
    slot.fn = fn;
    slot.arg = arg;
    slot.wait = wait;
    slot.acks.store(0, std::memory_order_relaxed);
    slot.done.store(0, std::memory_order_relaxed);
    for (unsigned i = 0; i < arch::MAX_CPUS; ++i) {
        arch::PerCpu* c = arch::cpus[i];
        if (i == me || !c || !c->online.load(std::memory_order_acquire)) continue;
        ++targets;
        call_pending[i].store(true, std::memory_order_release);
        lapic::send_ipi(c->apic_id, arch::VECTOR_IPI_CALL);
    }
    while (slot.acks.load(std::memory_order_acquire) < targets) arch::cpu_relax();
    if (wait)
        while (slot.done.load(std::memory_order_acquire) < targets) arch::cpu_relax();
    call_lock.unlock(std::move(*lock_irqs));
}

void print_summary() {
    console::print("cpus: {} online (bsp apic id {})\n", cpu_count(), arch::this_cpu()->apic_id);
}

}  // namespace smp
