// kernel/drivers/timer/rtc.hh — the CMOS real-time clock: the date and time at boot.
#pragma once

#include "lib/result.hh"

namespace rtc {

struct DateTime {
    u32 year;  ///< e.g. 2024
    u8 month;  ///< 1-12
    u8 day;    ///< 1-31
    u8 hour;   ///< 0-23
    u8 minute;
    u8 second;
};

/// Reads the RTC: waits out an update in progress, reads until two reads agree,
/// decodes BCD or binary and 12- or 24-hour formats, and takes the century from the
/// CMOS register the FADT names (else assumes 1970-2069). EIO when the values are
/// not a valid date.
Result<DateTime> read();

/// Seconds since 1970-01-01 00:00:00 UTC (the RTC is taken to run in UTC, as QEMU's
/// does by default). EINVAL for a date before 1970.
Result<u64> to_unix(const DateTime& t);

/// read() then to_unix().
Result<u64> unix_time();

}  // namespace rtc
