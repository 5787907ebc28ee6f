// kernel/arch/x86_64/lapic.cc — programming the local APIC through its MMIO registers.
//
// Registers are 32 bits wide at 16-byte strides from the base; the early page tables
// map 3-4 GiB uncached, where the APIC lives. IPIs are written to the interrupt
// command register (ICR): the high half names the destination, writing the low half
// sends; its "delivery status" bit says when the APIC has accepted the next one.
#include "arch/x86_64/lapic.hh"

#include "arch/x86_64/cpu.hh"
#include "arch/x86_64/interrupts.hh"
#include "arch/x86_64/percpu.hh"
#include "lib/log.hh"
#include "mm/layout.hh"

namespace lapic {
namespace {

constexpr u32 REG_ID = 0x20;
constexpr u32 REG_VERSION = 0x30;
constexpr u32 REG_TPR = 0x80;
constexpr u32 REG_EOI = 0xb0;
constexpr u32 REG_SVR = 0xf0;
constexpr u32 REG_ESR = 0x280;
constexpr u32 REG_ICR_LOW = 0x300;
constexpr u32 REG_ICR_HIGH = 0x310;
constexpr u32 REG_LVT_TIMER = 0x320;
constexpr u32 REG_LVT_THERMAL = 0x330;
constexpr u32 REG_LVT_PERF = 0x340;
constexpr u32 REG_LVT_LINT0 = 0x350;
constexpr u32 REG_LVT_LINT1 = 0x360;
constexpr u32 REG_LVT_ERROR = 0x370;
constexpr u32 REG_TIMER_INITIAL = 0x380;
constexpr u32 REG_TIMER_CURRENT = 0x390;
constexpr u32 REG_TIMER_DIVIDE = 0x3e0;

constexpr u32 SVR_ENABLE = 1u << 8;
constexpr u32 LVT_MASKED = 1u << 16;
constexpr u32 LVT_NMI = 4u << 8;
constexpr u32 LVT_TIMER_PERIODIC = 1u << 17;
constexpr u32 TIMER_DIVIDE_16 = 0x3;
constexpr u32 ICR_DELIVERY_PENDING = 1u << 12;
constexpr u32 ICR_FIXED = 0u << 8, ICR_NMI = 4u << 8, ICR_INIT = 5u << 8, ICR_STARTUP = 6u << 8;
constexpr u32 ICR_LEVEL_ASSERT = 1u << 14;
constexpr u32 ICR_ALL_BUT_SELF = 3u << 18;
constexpr u64 APIC_BASE_ENABLE = 1u << 11;
constexpr u64 APIC_BASE_ADDR_MASK = 0x000ffffffffff000ull;

volatile u32* regs = nullptr;

u32 read(u32 reg) { return regs[reg / 4]; }
void write(u32 reg, u32 v) { regs[reg / 4] = v; }

void spurious_handler(arch::TrapFrame&) {
    // No EOI: a spurious interrupt is not in service.
}

void wait_icr_idle() {
    for (unsigned spins = 0; read(REG_ICR_LOW) & ICR_DELIVERY_PENDING; ++spins) {
        if (spins == 100000000) {
            klog::warn("lapic: IPI not accepted (ICR {:#x})", read(REG_ICR_LOW));
            return;
        }
        arch::cpu_relax_io();
    }
}

void send(u32 apic_id, u32 low) {
    wait_icr_idle();
    write(REG_ICR_HIGH, apic_id << 24);
    write(REG_ICR_LOW, low | ICR_LEVEL_ASSERT);  // "assert" is required for all but INIT de-assert
    wait_icr_idle();
}

}  // namespace

void init() {
    u64 base = arch::rdmsr(arch::MSR_APIC_BASE);
    if (!(base & APIC_BASE_ENABLE)) arch::wrmsr(arch::MSR_APIC_BASE, base | APIC_BASE_ENABLE);
    if (!regs) {
        u64 phys = base & APIC_BASE_ADDR_MASK;
        if (phys < 3 * GiB || phys >= 4 * GiB)
            klog::warn("lapic: registers at {:#x}, outside the uncached 3-4 GiB window", phys);
        regs = mm::phys_to_virt<volatile u32>(phys);
        arch::set_interrupt_handler(arch::VECTOR_SPURIOUS, spurious_handler, "lapic spurious");
        klog::info("lapic: registers at {:#x}, version {:#x}, boot cpu apic id {}", phys,
                   read(REG_VERSION) & 0xff, id());
    }
    u32 max_lvt = (read(REG_VERSION) >> 16) & 0xff;
    write(REG_TPR, 0);
    write(REG_LVT_TIMER, LVT_MASKED);
    write(REG_LVT_LINT0, LVT_MASKED);
    write(REG_LVT_LINT1, LVT_NMI);
    write(REG_LVT_ERROR, LVT_MASKED);
    if (max_lvt >= 4) write(REG_LVT_PERF, LVT_MASKED);
    if (max_lvt >= 5) write(REG_LVT_THERMAL, LVT_MASKED);
    write(REG_ESR, 0);  // the error status is cleared by writes
    write(REG_ESR, 0);
    write(REG_SVR, SVR_ENABLE | arch::VECTOR_SPURIOUS);
    eoi();  // in case an interrupt was left in service by the firmware
    arch::this_cpu()->apic_id = id();
}

bool present() { return regs != nullptr; }

u32 id() { return read(REG_ID) >> 24; }

void eoi() { write(REG_EOI, 0); }

void send_ipi(u32 apic_id, u8 vector) { send(apic_id, ICR_FIXED | vector); }

void send_nmi_to_others() {
    if (regs) send(0, ICR_NMI | ICR_ALL_BUT_SELF);
}

void send_nmi(u32 apic_id) {
    if (regs) send(apic_id, ICR_NMI);
}

void send_init(u32 apic_id) { send(apic_id, ICR_INIT); }

void send_startup(u32 apic_id, u8 page) { send(apic_id, ICR_STARTUP | page); }

void timer_start_free_running() {
    write(REG_TIMER_DIVIDE, TIMER_DIVIDE_16);
    write(REG_LVT_TIMER, LVT_MASKED);
    write(REG_TIMER_INITIAL, 0xffffffff);
}

void timer_start_periodic(u8 vector, u32 initial_count) {
    write(REG_TIMER_DIVIDE, TIMER_DIVIDE_16);
    write(REG_LVT_TIMER, LVT_TIMER_PERIODIC | vector);
    write(REG_TIMER_INITIAL, initial_count);
}

void timer_stop() {
    write(REG_LVT_TIMER, LVT_MASKED);
    write(REG_TIMER_INITIAL, 0);
}

u32 timer_current() { return read(REG_TIMER_CURRENT); }
u32 timer_initial() { return read(REG_TIMER_INITIAL); }

TimerMode timer_mode() {
    u32 lvt = read(REG_LVT_TIMER), div = read(REG_TIMER_DIVIDE);
    // Divide configuration: bits 0, 1 and 3 give 2^(value + 1), and 0b111 means 1.
    u32 code = (div & 0x3) | ((div & 0x8) >> 1);
    return {static_cast<u8>(lvt & 0xff), (lvt & LVT_MASKED) != 0, (lvt & LVT_TIMER_PERIODIC) != 0,
            code == 0x7 ? 1u : 2u << code};
}

}  // namespace lapic
