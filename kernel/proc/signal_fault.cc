// kernel/proc/signal_fault.cc — exceptions raised in user mode become signals (Linux's traps.c).
//
// A fault in user code queues the signal Linux sends for it, with Linux's si_code and
// si_addr, forced (force_signal: a handler may catch it, but if the signal is blocked
// or ignored the task dies by it), and the signal is taken at once, before the task
// goes back to the faulting instruction. The sigcontext of the frame records the trap
// number, error code and cr2, as Linux's does.
//
//   #DE        SIGFPE  FPE_INTDIV, si_addr = rip
//   #DB        SIGTRAP TRAP_TRACE (single step) or TRAP_BRKPT, si_addr = rip
//   #BP        SIGTRAP SI_KERNEL (int3)
//   #OF #BR    SIGSEGV SI_KERNEL
//   #UD        SIGILL  ILL_ILLOPN, si_addr = rip
//   #TS #GP    SIGSEGV SI_KERNEL
//   #NP #SS    SIGBUS  SI_KERNEL
//   #PF        SIGSEGV SEGV_MAPERR (nothing mapped) or SEGV_ACCERR, si_addr = cr2
//   #MF #XM    SIGFPE  FPE_FLT* from the x87 status or MXCSR, si_addr = rip
//   #AC        SIGBUS  BUS_ADRALN
#include "arch/x86_64/cpu.hh"
#include "arch/x86_64/irq.hh"
#include "lib/log.hh"
#include "proc/current.hh"
#include "proc/process.hh"

namespace proc {
namespace {

// Linux's fpu__exception_code: the first unmasked exception flag that is set.
int fpe_code(u32 flags) {
    if (flags & 0x01) return FPE_FLTINV;
    if (flags & 0x04) return FPE_FLTDIV;
    if (flags & 0x08) return FPE_FLTOVF;
    if (flags & 0x12) return FPE_FLTUND;
    if (flags & 0x20) return FPE_FLTRES;
    return FPE_FLTINV;
}

u32 x87_flags() {
    u16 status, control;
    asm volatile("fnstsw %0; fnstcw %1" : "=m"(status), "=m"(control));
    return status & ~control & 0x3f;
}

u32 simd_flags() {
    u32 mxcsr;
    asm volatile("stmxcsr %0" : "=m"(mxcsr));
    return ~(mxcsr >> 7) & mxcsr & 0x3f;
}

SigInfo fault_info(int sig, int code, u64 addr) {
    SigInfo info;
    info.signo = sig;
    info.code = code;
    info.fault.addr = addr;
    return info;
}

}  // namespace

//! [fault_signal]
void fault_signal(arch::TrapFrame& f, int sig, int code, vaddr_t address) {
    Task* t = current();
    if (!t || !t->as || !t->sig.handlers)
        panic("fault_signal({}) at {:#x} outside a user task", sig, address);
    t->sig.trap_nr = f.vector;
    t->sig.error_code = f.error_code;
    t->sig.cr2 = f.vector == 14 ? address : 0;
    force_signal(fault_info(sig, code, address));
    deliver_signals(f);
}
//! [fault_signal]

[[noreturn]] void fatal_signal(int signo, vaddr_t address) {
    Task* t = current();
    if (!t || !t->as) panic("fatal_signal({}) at {:#x} outside a user task", signo, address);
    klog::info("proc: pid {} ({}) killed by signal {} (address {:#x})", t->tid, t->name, signo,
               address);
    arch::irq_enable();  // exit frees memory, which may need other CPUs
    exit(signal_status(signo));
}

bool user_exception(arch::TrapFrame& f) {
    if (!(f.cs & 3)) return false;
    int sig = SIGSEGV, code = SI_KERNEL;
    u64 addr = 0;
    switch (f.vector) {
    case 0:
        sig = SIGFPE, code = FPE_INTDIV, addr = f.rip;
        break;
    case 1: {
        u64 dr6;
        asm volatile("mov %%dr6, %0" : "=r"(dr6));
        sig = SIGTRAP, code = (dr6 & (1u << 14)) ? TRAP_TRACE : TRAP_BRKPT, addr = f.rip;
        break;
    }
    case 3:
        sig = SIGTRAP;
        break;
    case 4:
    case 5:
    case 10:
    case 13:
        break;
    case 6:
        sig = SIGILL, code = ILL_ILLOPN, addr = f.rip;
        break;
    case 11:
    case 12:
        sig = SIGBUS;
        break;
    case 16:
        sig = SIGFPE, code = fpe_code(x87_flags()), addr = f.rip;
        break;
    case 19:
        sig = SIGFPE, code = fpe_code(simd_flags()), addr = f.rip;
        break;
    case 17:
        sig = SIGBUS, code = BUS_ADRALN;
        break;
    default:
        return false;
    }
    fault_signal(f, sig, code, addr);
    return true;
}

}  // namespace proc
