// kernel/lib/log.hh — the kernel log: leveled, timestamped lines on their own channel.
//
//   klog::info("acpi: {} CPUs in the MADT", count);
//   // [    0.041233] I acpi: 4 CPUs in the MADT
//
// The log goes to its own sink (COM2 on a PC), so that the console (COM1) carries only
// what user programs print and can be compared byte for byte with Linux. With
// `log=console` on the command line (make run sets it) lines are mirrored to the
// console too. Lines are whole: a lock keeps CPUs from interleaving them.
#pragma once

#include "lib/format.hh"

namespace klog {

enum class Level : u8 { Debug = 0, Info = 1, Warn = 2, Error = 3 };

/// Where log lines go; @p mirror may be null.
void attach(fmt::Sink* log, fmt::Sink* mirror);
/// Lines below @p level are dropped.
void set_level(Level level);
/// The clock used for timestamps (nanoseconds since boot); until set, the stamp is 0.
void set_clock(u64 (*now_ns)());
/// Writes one already formatted line.
void write_line(Level level, const char* text);

template <typename... Args>
void log(Level level, const char* fmt, const Args&... args) {
    char line[256];
    fmt::format_to(line, sizeof line, fmt, args...);
    write_line(level, line);
}
template <typename... A>
void debug(const char* f, const A&... a) {
    log(Level::Debug, f, a...);
}
template <typename... A>
void info(const char* f, const A&... a) {
    log(Level::Info, f, a...);
}
template <typename... A>
void warn(const char* f, const A&... a) {
    log(Level::Warn, f, a...);
}
template <typename... A>
void error(const char* f, const A&... a) {
    log(Level::Error, f, a...);
}

/// Writes raw text to the log sink (and mirror) under the log lock, without a prefix:
/// used by multi-line reports (exceptions, panics) that must not be split up.
void write_raw(const char* text, usize len);

/// From now on, write without taking the log lock: a panicking CPU may hold it, and the
/// other CPUs are being stopped. Called by panic.
void enter_panic_mode();

}  // namespace klog

namespace console {
/// The console: where user-visible output goes (COM1 on a PC).
void attach(fmt::Sink* sink);
fmt::Sink* sink();
/// Formats to the console.
template <typename... Args>
void print(const char* f, const Args&... args) {
    if (fmt::Sink* s = sink()) fmt::format(*s, f, args...);
}
}  // namespace console
