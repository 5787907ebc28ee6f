// kernel/drivers/timer/rtc.cc — reading the MC146818-style CMOS clock.
//
// The clock's registers sit behind an index port (0x70) and a data port (0x71).
// While the chip updates its registers once a second (status A bit 7, "update in
// progress") they may be inconsistent, so we wait for the flag to clear and read
// everything twice until both reads agree. Status B says whether values are BCD
// (bit 2 clear) and whether hours are 12-hour with bit 7 meaning PM (bit 1 clear).
#include "drivers/timer/rtc.hh"

#include "arch/x86_64/cpu.hh"
#include "drivers/acpi/acpi.hh"
#include "lib/spinlock.hh"

namespace rtc {
namespace {

constexpr u16 CMOS_INDEX = 0x70, CMOS_DATA = 0x71;
constexpr u8 REG_SECONDS = 0x00, REG_MINUTES = 0x02, REG_HOURS = 0x04;
constexpr u8 REG_DAY = 0x07, REG_MONTH = 0x08, REG_YEAR = 0x09;
constexpr u8 REG_STATUS_A = 0x0a, REG_STATUS_B = 0x0b;
constexpr u8 STATUS_A_UPDATING = 0x80;
constexpr u8 STATUS_B_24H = 0x02, STATUS_B_BINARY = 0x04;
constexpr u8 HOUR_PM = 0x80;

bool is_leap(u32 y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

}  // namespace

// LAB_BEGIN(01-boot, 4): read the CMOS clock consistently and decode BCD, 12-hour mode and the century
namespace {

SpinLock cmos_lock("cmos");

struct Raw {
    u8 second, minute, hour, day, month, year, century;
    bool operator==(const Raw&) const = default;
};

u8 cmos_read(u8 reg) {
    arch::outb(CMOS_INDEX, reg);  // bit 7 clear: NMIs stay enabled
    return arch::inb(CMOS_DATA);
}

u8 from_bcd(u8 v) { return static_cast<u8>((v >> 4) * 10 + (v & 0x0f)); }

Raw read_raw(u8 century_reg) {
    // An update takes under 2 ms and starts at most once a second: bound the wait.
    for (unsigned spins = 0; (cmos_read(REG_STATUS_A) & STATUS_A_UPDATING) && spins < 10000000;
         ++spins)
        arch::cpu_relax_io();
    return Raw{cmos_read(REG_SECONDS),
               cmos_read(REG_MINUTES),
               cmos_read(REG_HOURS),
               cmos_read(REG_DAY),
               cmos_read(REG_MONTH),
               cmos_read(REG_YEAR),
               century_reg ? cmos_read(century_reg) : u8(0)};
}

}  // namespace

Result<DateTime> read() {
    u8 century_reg = acpi::info().century_reg;
    if (century_reg && (century_reg < 0x0e || century_reg > 0x7f))
        century_reg = 0;  // not a CMOS RAM byte
    Raw raw;
    u8 status_b;
    {
        SpinLockGuard guard(cmos_lock);
        raw = read_raw(century_reg);
        for (int tries = 0; tries < 10; ++tries) {
            Raw again = read_raw(century_reg);
            if (again == raw) break;
            raw = again;
        }
        status_b = cmos_read(REG_STATUS_B);
    }
    bool pm = raw.hour & HOUR_PM;
    raw.hour &= static_cast<u8>(~HOUR_PM);
    if (!(status_b & STATUS_B_BINARY)) {
        raw.second = from_bcd(raw.second);
        raw.minute = from_bcd(raw.minute);
        raw.hour = from_bcd(raw.hour);
        raw.day = from_bcd(raw.day);
        raw.month = from_bcd(raw.month);
        raw.year = from_bcd(raw.year);
        raw.century = from_bcd(raw.century);
    }
    if (!(status_b & STATUS_B_24H)) {
        if (raw.hour < 1 || raw.hour > 12) return Error(EIO);
        raw.hour = static_cast<u8>(raw.hour % 12 + (pm ? 12 : 0));  // 12 AM is 0h, 12 PM is 12h
    }
    DateTime t{};
    if (raw.century >= 19 && raw.century <= 99) t.year = raw.century * 100u + raw.year;
    else t.year = raw.year < 70 ? 2000u + raw.year : 1900u + raw.year;
    t.month = raw.month;
    t.day = raw.day;
    t.hour = raw.hour;
    t.minute = raw.minute;
    t.second = raw.second;
    if (raw.year > 99 || t.month < 1 || t.month > 12 || t.day < 1 || t.day > 31 || t.hour > 23 ||
        t.minute > 59 || t.second > 59)
        return Error(EIO);
    return t;
}
// LAB_FALLBACK
// Result<DateTime> read() { return Error(ENOSYS); }
// LAB_END

Result<u64> to_unix(const DateTime& t) {
    static constexpr u16 days_before_month[12] = {0,   31,  59,  90,  120, 151,
                                                  181, 212, 243, 273, 304, 334};
    if (t.year < 1970 || t.month < 1 || t.month > 12 || t.day < 1) return Error(EINVAL);
    u64 days = 0;
    for (u32 y = 1970; y < t.year; ++y) days += is_leap(y) ? 366 : 365;
    days +=
        days_before_month[t.month - 1] + (t.month > 2 && is_leap(t.year) ? 1 : 0) + (t.day - 1u);
    return days * 86400 + t.hour * 3600u + t.minute * 60u + t.second;
}

Result<u64> unix_time() {
    DateTime t = TRY(read());
    return to_unix(t);
}

}  // namespace rtc
