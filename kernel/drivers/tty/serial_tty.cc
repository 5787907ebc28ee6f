// kernel/drivers/tty/serial_tty.cc — the serial console (COM1) as a terminal.
//
// Output goes to the UART byte for byte, as the line discipline made it (the "\r\n" of
// ONLCR is the discipline's, not the UART sink's). Input comes from a kernel thread
// that sleeps until the UART's receive interrupt fills the serial ring
// (serial::wait_read) and hands the bytes to receive(): editing, echo and ^C happen
// there, whether or not anyone reads.
#include <atomic>

#include "drivers/serial/input.hh"
#include "drivers/serial/uart16550.hh"
#include "drivers/tty/tty.hh"
#include "lib/log.hh"
#include "proc/kthread.hh"
#include "proc/table.hh"

namespace tty {
namespace {

SpinLock uart_output("tty-uart-output");

void uart_write(Tty&, const char* s, usize n) {
    SpinLockGuard g(uart_output);
    for (usize i = 0; i < n; ++i) serial::com1().put_raw(u8(s[i]));
}

const Driver uart_driver{uart_write, nullptr, nullptr, nullptr};
Tty console_tty("ttyS0", &uart_driver);
std::atomic<bool> started{false};

void receive_loop(void*) {
    char buf[64];
    for (;;) {
        auto r = serial::wait_read(buf, sizeof buf);
        if (r.is_error()) return;
        receive(console_tty, buf, r.value());
    }
}

}  // namespace

Tty& serial_console() {
    if (!started.exchange(true)) {
        register_tty(console_tty);
        if (serial::input_enabled()) {
            if (auto r = proc::kthread_create("tty-serial", receive_loop, nullptr); r.is_error())
                klog::error("tty: no receive thread for the console ({})", errno_name(r.error()));
            else proc::task_put(r.value());
        }
    }
    return console_tty;
}

}  // namespace tty
