// kernel/test/ktest.hh — tests that run inside the kernel and report TAP on the console.
//
//   KTEST("01-boot", timer_rate) {
//       t.value("lapic_hz", hz);              // "# value lapic_hz=..." for the grader
//       t.expect(hz > 0, "timer not calibrated");
//   }
//
// Tests sit in the .ktests section; the runner (ktest.cc) picks them by the kernel
// command line (`test=a,b`, `lab=01-boot`, or `test=all`) and prints TAP 14:
//   TAP version 14 / 1..N / `ok N - name` or `not ok N - name # reason`.
// Values a test reports come as `# value key=value` lines before its result line, so
// the grader can check numbers it chose itself (memory size, CPU count, addresses).
// A test whose correct outcome is a fault report panics on purpose; the grader runs it
// alone in its own boot and matches the report (lab.toml: expect = "panic").
#pragma once

#include "lib/format.hh"
#include "lib/log.hh"

namespace ktest {

class Context {
public:
    /// Reports a named value for the grader.
    template <typename T>
    void value(const char* key, const T& v) {
        console::print("# value {}={}\n", key, v);
    }
    /// Marks the test failed with a reason (the first reason is kept).
    template <typename... Args>
    void fail(const char* fmt, const Args&... args) {
        if (failed_) return;
        failed_ = true;
        fmt::format_to(reason_, sizeof reason_, fmt, args...);
    }
    /// Fails with @p reason when @p cond is false; returns @p cond.
    bool expect(bool cond, const char* reason) {
        if (!cond) fail("{}", reason);
        return cond;
    }
    /// A diagnostic line ("# ...") in the TAP stream.
    template <typename... Args>
    void note(const char* fmt, const Args&... args) {
        char line[200];
        fmt::format_to(line, sizeof line, fmt, args...);
        console::print("# {}\n", line);
    }
    bool failed() const { return failed_; }
    const char* reason() const { return reason_; }

private:
    bool failed_ = false;
    char reason_[160] = {};
};

struct Test {
    const char* lab;   ///< canonical lab id, "01-boot"
    const char* name;  ///< unique across all labs
    void (*run)(Context&);
};

/// Runs the tests the command line selects; returns false when none is selected.
/// Ends the machine with EXIT_CODE_PASS / EXIT_CODE_FAIL when it ran any.
/// With `init=` on the command line (lab 03 on) it runs the selected KTESTs, prints no
/// plan, records a Handoff and returns false: the kernel then starts init, whose
/// user-mode runner continues the same TAP stream with the other names.
bool run_selected();

/// What the kernel's runner leaves to the user-mode runner.
struct Handoff {
    bool active = false;    ///< a selection was made and init= is present
    usize next_number = 1;  ///< the TAP number of the next result
    usize failed = 0;       ///< KTESTs that failed already
    bool all = false;       ///< test=all
    char lab[64] = {};      ///< lab=..., as given
    char names[1024] = {};  ///< selected names that are not KTESTs, comma-separated
};
const Handoff& handoff();

}  // namespace ktest

//! [ktest_macro]
// The explicit alignment keeps descriptors packed as an array: left alone, GCC aligns
// a 24-byte object to 16 bytes and the runner would step into the padding.
#define KTEST(lab_id, test_name)                                                                \
    static void ktest_fn_##test_name(::ktest::Context& t);                                      \
    [[gnu::used, gnu::section(".ktests"),                                                       \
      gnu::aligned(alignof(::ktest::Test))]] static const ::ktest::Test ktest_desc_##test_name{ \
        lab_id, #test_name, ktest_fn_##test_name};                                              \
    static void ktest_fn_##test_name([[maybe_unused]] ::ktest::Context& t)
//! [ktest_macro]
