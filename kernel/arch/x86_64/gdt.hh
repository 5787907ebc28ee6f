// kernel/arch/x86_64/gdt.hh — the segment selectors and each CPU's global descriptor table.
//
// In long mode segments are nearly flat, but the GDT still says which code runs in
// ring 0 or ring 3 and where the TSS is. Every CPU has its own GDT because the TSS
// descriptor's "busy" bit is set by `ltr` and each CPU has its own TSS.
//
// The layout follows Linux so that user programs see the same selectors as on Linux
// (CS=0x33, SS=DS=0x2b), and so that `syscall`/`sysret` (lab 03) work from one STAR:
//
//   index selector  descriptor                 used by
//   0     0x00      null
//   1     0x08      kernel code, 64-bit        kernel CS; syscall's CS = STAR[47:32]
//   2     0x10      kernel data                kernel SS; syscall's SS = STAR[47:32] + 8
//   3     0x18      (empty)
//   4     0x20|3    (empty: 32-bit user code)  sysret's base STAR[63:48] (Linux: __USER32_CS)
//   5     0x28|3    user data                  sysret's SS = STAR[63:48] + 8
//   6     0x30|3    user code, 64-bit          sysret's CS = STAR[63:48] + 16
//   7-8   0x38      this CPU's TSS (a 16-byte system descriptor)
#pragma once

#include "lib/types.hh"

namespace arch {

struct Tss;

constexpr u16 KERNEL_CS = 0x08;
constexpr u16 KERNEL_DS = 0x10;
constexpr u16 USER32_CS = 0x20 | 3;
constexpr u16 USER_DS = 0x28 | 3;
constexpr u16 USER_CS = 0x30 | 3;
constexpr u16 TSS_SELECTOR = 0x38;

/// The value for MSR_STAR (lab 03): syscall loads CS=0x08/SS=0x10, sysret to 64-bit
/// code loads CS=0x33/SS=0x2b.
constexpr u64 STAR_VALUE = (u64(USER32_CS) << 48) | (u64(KERNEL_CS) << 32);

constexpr unsigned GDT_ENTRIES = 9;

/// One CPU's GDT.
struct alignas(16) Gdt {
    u64 entries[GDT_ENTRIES];
};

/// The operand of lgdt/sgdt and lidt/sidt.
struct [[gnu::packed]] DescriptorTablePointer {
    u16 limit;
    u64 base;
};

/// Fills CPU @p index's GDT (with a descriptor for @p tss), loads it, reloads the
/// segment registers (except FS and GS, whose bases hold per-CPU and thread data) and
/// loads the task register.
void gdt_init(unsigned index, Tss* tss);

/// CPU @p index's GDT (for the checks of the lab tests).
const Gdt& cpu_gdt(unsigned index);

/// The base address a 16-byte TSS descriptor at @p gdt entries[i], [i+1] points at.
u64 tss_descriptor_base(const Gdt& gdt, unsigned i);

/// The current GDTR, IDTR and task register of the calling CPU.
inline DescriptorTablePointer read_gdtr() {
    DescriptorTablePointer p;
    asm volatile("sgdt %0" : "=m"(p));
    return p;
}
inline DescriptorTablePointer read_idtr() {
    DescriptorTablePointer p;
    asm volatile("sidt %0" : "=m"(p));
    return p;
}
inline u16 read_tr() {
    u16 tr;
    asm volatile("str %0" : "=r"(tr));
    return tr;
}
inline u16 read_cs() {
    u16 cs;
    asm volatile("mov %%cs, %0" : "=r"(cs));
    return cs;
}

}  // namespace arch
