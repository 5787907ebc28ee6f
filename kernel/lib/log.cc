// kernel/lib/log.cc — the kernel log's sinks, timestamps and lock (see log.hh).
#include "lib/log.hh"

#include <optional>

#include "lib/spinlock.hh"
#include "lib/string.hh"

namespace klog {
namespace {

fmt::Sink* log_sink = nullptr;
fmt::Sink* mirror_sink = nullptr;
Level min_level = Level::Info;
u64 (*clock_ns)() = nullptr;
SpinLock lock("klog");
bool panic_mode = false;

// Takes the log lock unless a panic is under way.
class LogLockGuard {
public:
    LogLockGuard() {
        if (!panic_mode) irqs_.emplace(lock.lock());
    }
    ~LogLockGuard() {
        if (irqs_) lock.unlock(std::move(*irqs_));
    }
    LogLockGuard(const LogLockGuard&) = delete;
    LogLockGuard& operator=(const LogLockGuard&) = delete;

private:
    std::optional<IrqState> irqs_;  // empty: not held (a panic is under way)
};

constexpr char level_letter[] = {'D', 'I', 'W', 'E'};

void emit(const char* s, usize n) {
    if (log_sink) log_sink->write(s, n);
    if (mirror_sink) mirror_sink->write(s, n);
}

}  // namespace

void attach(fmt::Sink* log, fmt::Sink* mirror) {
    log_sink = log;
    mirror_sink = mirror;
}

void set_level(Level level) { min_level = level; }
void set_clock(u64 (*now_ns)()) { clock_ns = now_ns; }

//! [write_line]
void write_line(Level level, const char* text) {
    if (level < min_level) return;
    u64 ns = clock_ns ? clock_ns() : 0;
    char prefix[32];
    usize n = fmt::format_to(prefix, sizeof prefix, "[{:5}.{:06}] {} ", ns / 1000000000,
                             (ns / 1000) % 1000000, level_letter[static_cast<u8>(level)]);
    LogLockGuard guard;
    emit(prefix, n < sizeof prefix ? n : sizeof prefix - 1);
    emit(text, strlen(text));
    emit("\n", 1);
}
//! [write_line]

void enter_panic_mode() { panic_mode = true; }

void write_raw(const char* text, usize len) {
    LogLockGuard guard;
    emit(text, len);
}

}  // namespace klog

namespace console {
namespace {
fmt::Sink* console_sink = nullptr;
}
void attach(fmt::Sink* sink) { console_sink = sink; }
fmt::Sink* sink() { return console_sink; }
}  // namespace console
