// tests/unit/rtc_test.cc — the CMOS clock reader against a modelled CMOS (drivers/timer/rtc.cc).
// UNIT_SOURCES: kernel/drivers/timer/rtc.cc kernel/lib/format.cc kernel/lib/errno.cc
//
// The fake machine's I/O ports play the chip: port 0x70 selects a register, 0x71
// reads it. Registers hold what a real RTC would in each mode (BCD or binary,
// 12- or 24-hour), an update in progress is simulated, and the century comes from
// the register the FADT names.
#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include "arch/x86_64/cpu.hh"
#include "drivers/acpi/acpi.hh"
#include "drivers/timer/rtc.hh"

namespace acpi {
namespace {
Info test_info;
}
const Info& info() { return test_info; }
}  // namespace acpi

namespace {

struct Cmos {
    u8 regs[128] = {};
    u8 index = 0;
    int updating_reads = 0;  // status A reads that still report "update in progress"
};
Cmos cmos;

void install_cmos() {
    fake::machine().port_out = [](u16 port, u32 value, int) {
        if (port == 0x70) cmos.index = static_cast<u8>(value & 0x7f);
    };
    fake::machine().port_in = [](u16 port, int) -> u32 {
        if (port != 0x71) return 0xff;
        if (cmos.index == 0x0a) {
            u8 a = cmos.regs[0x0a];
            if (cmos.updating_reads > 0) {
                --cmos.updating_reads;
                a |= 0x80;
            }
            return a;
        }
        return cmos.regs[cmos.index];
    };
}

void set_time(u8 s, u8 m, u8 h, u8 d, u8 mo, u8 y, u8 status_b) {
    cmos.regs[0x00] = s;
    cmos.regs[0x02] = m;
    cmos.regs[0x04] = h;
    cmos.regs[0x07] = d;
    cmos.regs[0x08] = mo;
    cmos.regs[0x09] = y;
    cmos.regs[0x0b] = status_b;
}

}  // namespace

Test(rtc, bcd_24_hour) {
    install_cmos();
    set_time(0x56, 0x34, 0x23, 0x31, 0x12, 0x24, 0x02);  // 2024-12-31 23:34:56
    auto t = rtc::read();
    cr_assert(t.has_value());
    cr_assert(eq(u32, t.value().year, 2024u));
    cr_assert(eq(u8, t.value().month, 12));
    cr_assert(eq(u8, t.value().day, 31));
    cr_assert(eq(u8, t.value().hour, 23));
    cr_assert(eq(u8, t.value().minute, 34));
    cr_assert(eq(u8, t.value().second, 56));
    cr_assert(eq(u64, rtc::unix_time().value(), 1735688096u));
}

Test(rtc, binary_12_hour_pm_and_midnight) {
    install_cmos();
    set_time(5, 6, 0x80 | 7, 1, 3, 25, 0x04);  // 7 PM, binary
    cr_assert(eq(u8, rtc::read().value().hour, 19));
    set_time(5, 6, 12, 1, 3, 25, 0x04);  // 12 AM is midnight
    cr_assert(eq(u8, rtc::read().value().hour, 0));
    set_time(5, 6, 0x80 | 12, 1, 3, 25, 0x04);  // 12 PM is noon
    cr_assert(eq(u8, rtc::read().value().hour, 12));
    set_time(5, 6, 0x80 | 0x12, 1, 3, 0x25, 0x00);  // BCD, 12-hour: 12 PM
    cr_assert(eq(u8, rtc::read().value().hour, 12));
}

Test(rtc, century_register_from_the_fadt) {
    install_cmos();
    acpi::test_info.century_reg = 0x32;
    cmos.regs[0x32] = 0x21;  // BCD 21st century
    set_time(0, 0, 0, 1, 1, 0x05, 0x02);
    cr_assert(eq(u32, rtc::read().value().year, 2105u));
    acpi::test_info.century_reg = 0;
    cr_assert(eq(u32, rtc::read().value().year, 2005u));
    set_time(0, 0, 0, 1, 1, 0x99, 0x02);
    cr_assert(eq(u32, rtc::read().value().year, 1999u));
}

Test(rtc, waits_out_an_update_in_progress) {
    install_cmos();
    cmos.updating_reads = 50;
    set_time(0x10, 0x20, 0x08, 0x15, 0x06, 0x30, 0x02);
    auto t = rtc::read();
    cr_assert(t.has_value());
    cr_assert(eq(int, cmos.updating_reads, 0));
    cr_assert(eq(u8, t.value().second, 10));
}

Test(rtc, garbage_is_an_error_not_a_date) {
    install_cmos();
    set_time(0x99, 0x99, 0x99, 0x99, 0x99, 0x99, 0x02);
    cr_assert(eq(int, rtc::read().error(), EIO));
    set_time(0, 0, 0, 0, 1, 0x24, 0x02);  // day 0
    cr_assert(eq(int, rtc::read().error(), EIO));
    set_time(0, 0, 0x13, 1, 1, 0x24, 0x00);  // hour 13 in 12-hour mode
    cr_assert(eq(int, rtc::read().error(), EIO));
}

Test(rtc, unix_time_of_known_dates) {
    auto at = [](u32 y, u8 mo, u8 d, u8 h, u8 mi, u8 s) {
        return rtc::to_unix({y, mo, d, h, mi, s}).value();
    };
    cr_assert(eq(u64, at(1970, 1, 1, 0, 0, 0), 0u));
    cr_assert(eq(u64, at(2000, 2, 29, 12, 0, 0), 951825600u));
    cr_assert(eq(u64, at(2000, 3, 1, 0, 0, 0), 951868800u));
    cr_assert(eq(u64, at(2038, 1, 19, 3, 14, 8), 2147483648u));
    cr_assert(eq(u64, at(2100, 3, 1, 0, 0, 0), 4107542400u));  // 2100 is not a leap year
    cr_assert(rtc::to_unix({1969, 12, 31, 23, 59, 59}).is_error());
}
