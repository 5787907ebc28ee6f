// kernel/arch/x86_64/traps.cc — trap_dispatch: exceptions by policy, interrupts by registry.
//
// Every vector's stub (isr.S) calls trap_dispatch() with the saved TrapFrame. Vectors
// 0-31 are CPU exceptions, handled as traps.hh describes; 32-255 go to the handler
// installed with set_interrupt_handler(), and a vector nobody registered is logged
// once and otherwise ignored (a spurious interrupt).
#include "arch/x86_64/traps.hh"

#include <atomic>

#include "arch/x86_64/cpu.hh"
#include "arch/x86_64/exception_decode.hh"
#include "arch/x86_64/backtrace.hh"
#include "arch/x86_64/irq.hh"
#include "arch/x86_64/lapic.hh"
#include "arch/x86_64/percpu.hh"
#include "drivers/power.hh"
#include "lib/exit_codes.h"
#include "lib/log.hh"
#include "lib/panic.hh"
#include "lib/spinlock.hh"
#include "lib/symbols.hh"
#include "proc/process.hh"
#include "vm/fault.hh"

namespace arch {
namespace {

constexpr unsigned VECTORS = 256;
constexpr unsigned FIRST_INTERRUPT = 32;

std::atomic<InterruptHandler> handlers[VECTORS];
const char* handler_names[VECTORS];
SpinLock handlers_lock("interrupt-handlers");
std::atomic<u64> spurious_logged[VECTORS / 64];  // one bit per vector

std::atomic<u64> breakpoints{0};
std::atomic<bool> backtrace_wanted[MAX_CPUS];
std::atomic<u64> backtraces{0};
// Exceptions being handled on each CPU right now, and the outermost one's vector
// (only that CPU touches its slot).
u32 exception_depth[MAX_CPUS];
u64 outer_vector[MAX_CPUS];

// A fault we cannot report in full: one line on the log (and the console), then the
// end of the run. Takes no lock: the code that faulted may hold the log's.
[[noreturn]] void stop_now(const TrapFrame& f, const char* why) {
    klog::enter_panic_mode();
    const ExceptionInfo& e = exception_info(f.vector);
    char line[256];
    usize n = fmt::format_to(
        line, sizeof line,
        "\nnested exception: {} {} (vector {}) on cpu {} {}: rip={:#x} {} error={:#x} cr2={:#x}; "
        "stopping\n",
        e.mnemonic, e.name, f.vector, cpu_index(), why, f.rip, symbols::Location{f.rip},
        f.error_code, read_cr2());
    if (n >= sizeof line) n = sizeof line - 1;
    klog::write_raw(line, n);
    if (fmt::Sink* c = console::sink()) c->write(line, n);
    power::exit_qemu(EXIT_CODE_PANIC);
}

void handle_breakpoint([[maybe_unused]] TrapFrame& f) {
    // LAB_BEGIN(01-boot, 2): count the breakpoint (breakpoints), report it and return: iretq then resumes after the int3 instruction
    breakpoints.fetch_add(1, std::memory_order_relaxed);
    report_exception(f);
    klog::info("#BP: resuming at rip={:#x} {}", f.rip, symbols::Location{f.rip});
    // LAB_FALLBACK
    // LAB_END
}

//! [handle_exception]
void handle_exception(TrapFrame& f) {
    unsigned cpu = cpu_index();
    int panicking = panicking_cpu();
    if (panicking >= 0) {
        if (panicking != int(cpu)) halt_forever();  // another CPU panics and stops us (NMI)
        if (f.vector == VECTOR_NMI) return;         // our own panic goes on
        stop_now(f, "inside the panic");
    }
    if (cpu >= MAX_CPUS) stop_now(f, "on a CPU without an index");
    if (f.vector == VECTOR_NMI && backtrace_wanted[cpu].exchange(false)) {
        // The watchdog's request: where this CPU is stuck. No lock is taken but the
        // log's (klog writes raw lines), and the interrupted code resumes.
        char line[160];
        usize n = fmt::format_to(
            line, sizeof line, "watchdog: cpu {} backtrace (rip={:#x} {}, interrupts {}):\n", cpu,
            f.rip, symbols::Location{f.rip}, f.rflags & RFLAGS_IF ? "on" : "off");
        klog::write_raw(line, n < sizeof line ? n : sizeof line - 1);
        print_backtrace_from(f.rip, f.rbp);
        backtraces.fetch_add(1, std::memory_order_relaxed);
        return;
    }
    // An exception raised in user mode becomes the signal Linux sends (#PF goes to the
    // address-space code first); only kernel faults panic.
    // Page faults go to the address-space code first (demand paging, copy-on-write, the
    // fixups of user copies); it returns false for the kernel's own faults.
    if (f.vector == VECTOR_PAGE_FAULT && vm::page_fault(f)) return;
    if ((f.cs & 3) && proc::user_exception(f)) return;
    if (exception_depth[cpu] > 0) {
        char why[64];
        fmt::format_to(why, sizeof why, "while handling {} (vector {})",
                       exception_info(outer_vector[cpu]).mnemonic, outer_vector[cpu]);
        stop_now(f, why);
    }
    ++exception_depth[cpu];
    outer_vector[cpu] = f.vector;

    if (f.vector == VECTOR_BREAKPOINT) {
        handle_breakpoint(f);
        --exception_depth[cpu];
        return;
    }
    report_exception(f);
    const ExceptionInfo& e = exception_info(f.vector);
    panic("unhandled {} {} (vector {}) at rip {:#x} {}", e.mnemonic, e.name, f.vector, f.rip,
          symbols::Location{f.rip});
}
//! [handle_exception]

void handle_interrupt(TrapFrame& f) {
    PerCpu* cpu = this_cpu();
    ++cpu->irq_depth;
    if (InterruptHandler h = handlers[f.vector].load(std::memory_order_acquire)) {
        h(f);
    } else {
        u64 bit = u64(1) << (f.vector % 64);
        if (!(spurious_logged[f.vector / 64].fetch_or(bit) & bit))
            klog::warn("interrupt: vector {:#x} on cpu {} has no handler; ignored (logged once)",
                       f.vector, cpu->index);
    }
    --cpu->irq_depth;
}

}  // namespace

void set_interrupt_handler(u8 vector, InterruptHandler handler, const char* name) {
    if (vector < FIRST_INTERRUPT)
        panic("set_interrupt_handler({}): vector {} is a CPU exception", name, vector);
    if (!handler) panic("set_interrupt_handler({}): null handler for vector {:#x}", name, vector);
    SpinLockGuard guard(handlers_lock);
    if (handlers[vector].load(std::memory_order_relaxed))
        panic("set_interrupt_handler({}): vector {:#x} is taken by {}", name, vector,
              handler_names[vector]);
    handler_names[vector] = name;
    handlers[vector].store(handler, std::memory_order_release);
}

u64 breakpoint_count() { return breakpoints.load(std::memory_order_relaxed); }

void request_nmi_backtrace(unsigned cpu) {
    if (cpu >= MAX_CPUS || !cpus[cpu]) return;
    backtrace_wanted[cpu].store(true);
    lapic::send_nmi(cpus[cpu]->apic_id);
}

u64 nmi_backtraces() { return backtraces.load(std::memory_order_relaxed); }

//! [trap_dispatch]
extern "C" void trap_dispatch(TrapFrame* frame) {
    if (frame->vector < FIRST_INTERRUPT) handle_exception(*frame);
    else handle_interrupt(*frame);
}
//! [trap_dispatch]

}  // namespace arch
