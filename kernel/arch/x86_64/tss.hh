// kernel/arch/x86_64/tss.hh — the 64-bit task-state segment and the stacks it names.
//
// In long mode the TSS no longer switches tasks; it only holds stack pointers:
//   rsp[0]  the stack the CPU switches to when an interrupt arrives in ring 3 (lab 03);
//   ist[n]  the Interrupt Stack Table: an IDT gate with IST n always switches to ist[n-1],
//           whatever the current stack. Exceptions that may hit a broken stack use it:
//           double fault (IST 1; a kernel stack overflow ends there), NMI (IST 2) and
//           machine check (IST 3).
// Every CPU's kernel stack and IST stacks are reserved statically in .bss, each with an
// unmapped guard page below it, so running off the bottom faults instead of silently
// overwriting its neighbour.
#pragma once

#include "lib/types.hh"

namespace arch {

struct [[gnu::packed]] Tss {
    u32 reserved0;
    u64 rsp[3];  ///< stack pointers for entering rings 0, 1, 2
    u64 reserved1;
    u64 ist[7];  ///< IST 1..7 are ist[0..6]
    u64 reserved2;
    u16 reserved3;
    u16 iomap_base;  ///< offset of the I/O permission bitmap; past the end = none
};
static_assert(sizeof(Tss) == 104);

/// IST slots (numbers as the IDT gate names them).
constexpr unsigned IST_DOUBLE_FAULT = 1;
constexpr unsigned IST_NMI = 2;
constexpr unsigned IST_MACHINE_CHECK = 3;
constexpr unsigned IST_COUNT = 3;

constexpr usize KERNEL_STACK_SIZE = 16 * KiB;  ///< as entry32.S's boot stack
constexpr usize IST_STACK_SIZE = 8 * KiB;

/// A stack: [bottom, top). The guard page is [bottom - 4096, bottom).
struct StackRange {
    u64 bottom;
    u64 top;
    bool contains(u64 sp) const { return sp >= bottom && sp <= top; }
};

/// CPU @p index's kernel stack (the boot stack of entry32.S for CPU 0).
StackRange kernel_stack(unsigned index);
/// CPU @p index's IST stack number @p ist (1..IST_COUNT).
StackRange ist_stack(unsigned index, unsigned ist);
/// The IST number whose stack of CPU @p index contains @p sp, or 0.
unsigned ist_containing(unsigned index, u64 sp);

/// Fills CPU @p index's TSS: rsp[0] = its kernel stack, the IST stacks.
Tss* tss_init(unsigned index);
/// CPU @p index's TSS.
const Tss& cpu_tss(unsigned index);

/// Registers the guard page below every stack reserved here (and below the boot
/// stack), once.
void register_stack_guards();

}  // namespace arch
