// kernel/arch/x86_64/idt.cc — filling and loading the IDT (see idt.hh).
#include "arch/x86_64/idt.hh"

#include "arch/x86_64/gdt.hh"
#include "arch/x86_64/traps.hh"
#include "arch/x86_64/tss.hh"

// isr.S: 256 entry stubs of ISR_STUB_SIZE bytes each, vector 0 first.
extern "C" char isr_stubs[];
constexpr u64 ISR_STUB_SIZE = 16;

namespace arch {
namespace {

constexpr u8 GATE_PRESENT = 0x80;
constexpr u8 GATE_INTERRUPT = 0x0e;

alignas(4096) IdtGate idt[IDT_VECTORS];
bool built = false;

// The IST stack a vector's gate switches to (0: none, stay on the current stack).
u8 ist_for(unsigned vector) {
    // LAB_BEGIN(01-boot, 2): send double fault, NMI and machine check to their own IST stacks (IST_DOUBLE_FAULT, IST_NMI, IST_MACHINE_CHECK)
    switch (vector) {
    case VECTOR_DOUBLE_FAULT:
        return IST_DOUBLE_FAULT;
    case VECTOR_NMI:
        return IST_NMI;
    case VECTOR_MACHINE_CHECK:
        return IST_MACHINE_CHECK;
    default:
        return 0;
    }
    // LAB_FALLBACK
    // (void)vector;
    // return 0;
    // LAB_END
}

//! [idt_build]
IdtGate make_gate(u64 handler, u8 ist, u8 dpl) {
    IdtGate g{};
    g.offset_low = u16(handler);
    g.offset_mid = u16(handler >> 16);
    g.offset_high = u32(handler >> 32);
    g.selector = KERNEL_CS;
    g.ist = ist;
    g.type_attr = GATE_PRESENT | u8(dpl << 5) | GATE_INTERRUPT;
    return g;
}

}  // namespace

void idt_build() {
    if (built) return;
    built = true;
    for (unsigned v = 0; v < IDT_VECTORS; ++v) {
        u64 stub = reinterpret_cast<u64>(isr_stubs) + v * ISR_STUB_SIZE;
        idt[v] = make_gate(stub, ist_for(v), v == VECTOR_BREAKPOINT ? 3 : 0);
    }
}
//! [idt_build]

void idt_load() {
    DescriptorTablePointer p{sizeof idt - 1, reinterpret_cast<u64>(idt)};
    asm volatile("lidt %0" ::"m"(p) : "memory");
}

const IdtGate* idt_gates() { return idt; }

}  // namespace arch
