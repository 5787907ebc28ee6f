// kernel/drivers/serial/input.hh — bytes typed on the console (COM1), interrupt driven.
//
// The UART's "received data" interrupt arrives as ISA IRQ 4 through the I/O APIC;
// its handler moves every waiting byte into a ring buffer that any CPU may read.
// Lab 05's tty reads from here (wait_read); the lab 01 tests read a line with a timeout.
#pragma once

#include "lib/result.hh"

namespace vfs {
struct PollWait;
}

namespace serial {

/// Routes COM1's IRQ to the boot CPU and enables the receive interrupt. Without an
/// I/O APIC route the input stays off and reads fail with ENODEV.
void input_init();

/// True when input_init() succeeded.
bool input_enabled();

/// Reads at least one and at most @p len bytes, waiting up to @p timeout_ns.
/// ETIMEDOUT when nothing came, ENODEV without interrupt-driven input, EINVAL when
/// called with interrupts disabled (the wait sleeps until the next interrupt).
Result<usize> read(char* buf, usize len, u64 timeout_ns);

/// Reads at least one and at most @p len bytes, sleeping on a wait queue the receive
/// interrupt wakes (a task that may sleep). ENODEV without interrupt-driven input.
Result<usize> wait_read(char* buf, usize len);

/// Reads one line (without its "\r" or "\n") into @p buf, NUL-terminated; a line longer
/// than the buffer is cut (the rest is consumed). ETIMEDOUT when no complete line
/// came in time.
Result<usize> read_line(char* buf, usize size, u64 timeout_ns);

/// Whether typed bytes are waiting; with @p pw, also registers it on the queue the
/// receive interrupt wakes (the console's poll).
bool poll_input(vfs::PollWait* pw);

/// Receive interrupts handled and bytes dropped because the ring was full.
u64 input_interrupts();
u64 input_overruns();

}  // namespace serial
