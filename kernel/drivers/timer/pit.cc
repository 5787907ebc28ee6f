// kernel/drivers/timer/pit.cc — timing an interval with the PIT's channel 2.
//
// Channel 2 is the one whose gate we control (bit 0 of port 0x61) and whose output
// we can read (bit 5 of port 0x61), without any interrupt. In mode 0 ("interrupt on
// terminal count") OUT2 goes high when the count reaches zero, so polling port 0x61
// tells when exactly count / 1193182 seconds have passed.
#include "drivers/timer/pit.hh"

#include "arch/x86_64/cpu.hh"

namespace pit {
namespace {

constexpr u16 CHANNEL2 = 0x42;
constexpr u16 COMMAND = 0x43;
constexpr u16 PORT_B = 0x61;
constexpr u8 PORT_B_GATE2 = 0x01, PORT_B_SPEAKER = 0x02, PORT_B_OUT2 = 0x20;
constexpr u8 CMD_CH2_LOHI_MODE0 = 0xb0;  // channel 2, lobyte/hibyte, mode 0, binary

}  // namespace

u64 start_oneshot(u64 us) {
    if (us > MAX_INTERVAL_US) us = MAX_INTERVAL_US;
    u64 count = FREQUENCY_HZ * us / 1000000;
    if (count < 1) count = 1;
    u8 b = arch::inb(PORT_B);
    arch::outb(PORT_B, static_cast<u8>((b & ~(PORT_B_SPEAKER | PORT_B_GATE2))));  // gate low: hold
    arch::outb(COMMAND, CMD_CH2_LOHI_MODE0);
    arch::outb(CHANNEL2, static_cast<u8>(count));
    arch::outb(CHANNEL2, static_cast<u8>(count >> 8));
    arch::outb(PORT_B, static_cast<u8>((b & ~PORT_B_SPEAKER) | PORT_B_GATE2));  // gate high: go
    return count * 1000000000ull / FREQUENCY_HZ;
}

bool expired() { return arch::inb(PORT_B) & PORT_B_OUT2; }

}  // namespace pit
