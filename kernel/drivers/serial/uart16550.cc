// kernel/drivers/serial/uart16550.cc — programming and polling the 16550 UART.
#include "drivers/serial/uart16550.hh"

#include "arch/x86_64/cpu.hh"

namespace serial {
namespace {

// Register offsets from the port base (DLAB=0 unless noted).
constexpr u16 RBR_THR = 0;  // receive buffer / transmit holding; divisor low with DLAB
constexpr u16 IER = 1;      // interrupt enable; divisor high with DLAB
constexpr u16 FCR = 2;      // FIFO control
constexpr u16 LCR = 3;      // line control
constexpr u16 MCR = 4;      // modem control
constexpr u16 LSR = 5;      // line status
constexpr u16 SCR = 7;      // scratch

constexpr u8 LSR_DATA_READY = 0x01;
constexpr u8 LSR_THR_EMPTY = 0x20;

Uart com1_port(COM1);
Uart com2_port(COM2);

}  // namespace

//! [uart_init]
bool Uart::init() {
    arch::outb(base_ + SCR, 0x5a);
    if (arch::inb(base_ + SCR) != 0x5a) return present_ = false;
    arch::outb(base_ + IER, 0x00);
    arch::outb(base_ + LCR, 0x80);   // DLAB on
    arch::outb(base_ + RBR_THR, 1);  // divisor 1: 115200 baud
    arch::outb(base_ + IER, 0);
    arch::outb(base_ + LCR, 0x03);  // 8 bits, no parity, one stop bit
    arch::outb(base_ + FCR, 0xc7);  // FIFOs on and cleared, 14-byte trigger
    arch::outb(base_ + MCR, 0x0b);  // DTR, RTS, OUT2 (OUT2 gates the IRQ line)
    return present_ = true;
}
//! [uart_init]

//! [uart_put]
void Uart::put_raw(u8 c) {
    if (!present_) return;
    for (unsigned spins = 0; !(arch::inb(base_ + LSR) & LSR_THR_EMPTY) && spins < 1000000; ++spins)
        arch::cpu_relax_io();
    arch::outb(base_ + RBR_THR, c);
}

void Uart::put(char c) {
    if (c == '\n') put_raw('\r');
    put_raw(static_cast<u8>(c));
}
//! [uart_put]

void Uart::enable_rx_interrupt() {
    if (present_) arch::outb(base_ + IER, 0x01);
}

int Uart::try_get() {
    if (!present_ || !(arch::inb(base_ + LSR) & LSR_DATA_READY)) return -1;
    return arch::inb(base_ + RBR_THR);
}

Uart& com1() { return com1_port; }
Uart& com2() { return com2_port; }

}  // namespace serial
