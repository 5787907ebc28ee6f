// kernel/arch/x86_64/syscall.cc — programming `syscall`/`sysret` and SMEP/SMAP (syscall.hh).
#include "arch/x86_64/syscall.hh"

#include "arch/x86_64/cpu.hh"
#include "arch/x86_64/gdt.hh"
#include "arch/x86_64/irq.hh"

extern "C" char syscall_entry[];

namespace arch {
namespace {

constexpr u64 EFER_SCE = 1u << 0;
constexpr u64 RFLAGS_TF = 1u << 8, RFLAGS_DF = 1u << 10, RFLAGS_NT = 1u << 14, RFLAGS_AC = 1u << 18;
constexpr u64 CR4_SMEP = 1u << 20, CR4_SMAP = 1u << 21;

}  // namespace

//! [syscall_cpu_init]
void syscall_cpu_init() {
    // LAB_BEGIN(03-processes, 2): enable syscall (EFER.SCE), program STAR, LSTAR and SFMASK, turn on SMEP and SMAP
    wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
    wrmsr(MSR_STAR, STAR_VALUE);
    wrmsr(MSR_LSTAR, reinterpret_cast<u64>(syscall_entry));
    wrmsr(MSR_SFMASK, RFLAGS_IF | RFLAGS_TF | RFLAGS_DF | RFLAGS_NT | RFLAGS_AC);
    // The user's GS base waits in KERNEL_GS_BASE while the kernel runs (swapgs).
    wrmsr(MSR_KERNEL_GS_BASE, 0);
    CpuidResult leaf7 = cpuid(7, 0);
    u64 cr4 = read_cr4();
    if (leaf7.ebx & (1u << 7)) cr4 |= CR4_SMEP;
    if (leaf7.ebx & (1u << 20)) cr4 |= CR4_SMAP;
    write_cr4(cr4);
    // LAB_FALLBACK
    // LAB_END
}
//! [syscall_cpu_init]

bool smep_enabled() { return read_cr4() & CR4_SMEP; }
bool smap_enabled() { return read_cr4() & CR4_SMAP; }

}  // namespace arch
