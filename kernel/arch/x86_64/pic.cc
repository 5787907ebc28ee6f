// kernel/arch/x86_64/pic.cc — remapping and masking the 8259 PICs.
//
// At reset the master PIC sends IRQ 0-7 to vectors 8-15, on top of the CPU's
// exceptions. Even masked, a PIC can raise a spurious IRQ 7 or 15, so it is first
// re-initialised (ICW1-ICW4) with harmless vector bases, then every line is masked.
#include "arch/x86_64/pic.hh"

#include "arch/x86_64/cpu.hh"

namespace pic {
namespace {

constexpr u16 MASTER_CMD = 0x20, MASTER_DATA = 0x21;
constexpr u16 SLAVE_CMD = 0xa0, SLAVE_DATA = 0xa1;
constexpr u8 ICW1_INIT_ICW4 = 0x11;  // edge triggered, cascade, ICW4 follows
constexpr u8 ICW4_8086 = 0x01;
constexpr u8 MASTER_BASE = 0x20, SLAVE_BASE = 0x28;

// A write to an unused port gives the old PIC time to settle between commands.
void io_wait() { arch::outb(0x80, 0); }

}  // namespace

void disable() {
    arch::outb(MASTER_CMD, ICW1_INIT_ICW4);
    io_wait();
    arch::outb(SLAVE_CMD, ICW1_INIT_ICW4);
    io_wait();
    arch::outb(MASTER_DATA, MASTER_BASE);
    io_wait();  // ICW2: vector base
    arch::outb(SLAVE_DATA, SLAVE_BASE);
    io_wait();
    arch::outb(MASTER_DATA, 1u << 2);
    io_wait();  // ICW3: slave on IRQ 2
    arch::outb(SLAVE_DATA, 2);
    io_wait();  //       slave's cascade identity
    arch::outb(MASTER_DATA, ICW4_8086);
    io_wait();
    arch::outb(SLAVE_DATA, ICW4_8086);
    io_wait();
    arch::outb(MASTER_DATA, 0xff);  // OCW1: mask everything
    arch::outb(SLAVE_DATA, 0xff);
}

}  // namespace pic
