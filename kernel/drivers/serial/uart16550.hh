// kernel/drivers/serial/uart16550.hh — the PC serial port (8250/16550 UART).
//
// COM1 (0x3f8) is the console, COM2 (0x2f8) the kernel log. Output is polled (the
// transmitter is fast under QEMU and a panic must still be able to print); input is
// interrupt driven once the IOAPIC routes the port's IRQ (drivers/serial/input.cc).
#pragma once

#include "lib/format.hh"

namespace serial {

constexpr u16 COM1 = 0x3f8;
constexpr u16 COM2 = 0x2f8;
constexpr u8 COM1_IRQ = 4;
constexpr u8 COM2_IRQ = 3;

class Uart final : public fmt::Sink {
public:
    explicit constexpr Uart(u16 base) : base_(base) {}

    /// Programs 115200 baud, 8N1, FIFOs on; returns false when no UART answers
    /// (the scratch register does not hold a value).
    bool init();
    bool present() const { return present_; }

    /// Writes @p c, turning "\n" into "\r\n" as a terminal expects.
    void put(char c) override;
    void put_raw(u8 c);

    /// Enables the "received data" interrupt.
    void enable_rx_interrupt();
    /// Returns a received byte, or -1 when none is waiting.
    int try_get();

    u16 base() const { return base_; }

private:
    u16 base_;
    bool present_ = false;
};

/// The console and log ports.
Uart& com1();
Uart& com2();

}  // namespace serial
