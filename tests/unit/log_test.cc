// tests/unit/log_test.cc — the kernel log: line format, levels, the console mirror.
// UNIT_SOURCES: kernel/lib/log.cc kernel/lib/format.cc
#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include <string>

#include "arch/x86_64/irq.hh"
#include "lib/log.hh"

namespace {

struct StringSink final : fmt::Sink {
    std::string text;
    void put(char c) override { text += c; }
};

u64 fake_now = 0;
u64 now() { return fake_now; }

}  // namespace

Test(log, lines_carry_time_and_level) {
    StringSink log;
    klog::attach(&log, nullptr);
    klog::set_clock(now);
    fake_now = 1234567890123;  // 1234.567890123 s
    klog::info("acpi: {} CPUs", 4);
    cr_assert(eq(log.text, std::string("[ 1234.567890] I acpi: 4 CPUs\n")));
    log.text.clear();
    fake_now = 5000;
    klog::error("x={:#x}", 255);
    cr_assert(eq(log.text, std::string("[    0.000005] E x=0xff\n")));
}

Test(log, without_a_clock_the_stamp_is_zero) {
    StringSink log;
    klog::attach(&log, nullptr);
    klog::warn("early");
    cr_assert(eq(log.text, std::string("[    0.000000] W early\n")));
}

Test(log, levels_below_the_threshold_are_dropped) {
    StringSink log;
    klog::attach(&log, nullptr);
    klog::debug("hidden");
    cr_assert(eq(log.text, std::string("")));  // Info by default
    klog::set_level(klog::Level::Debug);
    klog::debug("shown");
    cr_assert(eq(log.text, std::string("[    0.000000] D shown\n")));
    log.text.clear();
    klog::set_level(klog::Level::Error);
    klog::warn("no");
    klog::error("yes");
    cr_assert(eq(log.text, std::string("[    0.000000] E yes\n")));
}

Test(log, mirror_gets_the_same_lines_and_raw_text) {
    StringSink log, mirror;
    klog::attach(&log, &mirror);
    klog::info("both");
    klog::write_raw("raw\n", 4);
    cr_assert(eq(log.text, mirror.text));
    cr_assert(eq(log.text, std::string("[    0.000000] I both\nraw\n")));
}

Test(log, long_lines_are_cut_and_interrupts_restored) {
    StringSink log;
    klog::attach(&log, nullptr);
    std::string big(1000, 'y');
    klog::info("{}", big.c_str());
    cr_assert(eq(sz, log.text.size(), 17 + 255 + 1));  // prefix, 255 chars, newline
    cr_assert(arch::irqs_enabled());
    klog::enter_panic_mode();  // from now on no lock is taken
    klog::info("after");
    cr_assert(log.text.find("after") != std::string::npos);
}

Test(log, no_sink_is_fine) {
    klog::attach(nullptr, nullptr);
    klog::info("nowhere");
    console::attach(nullptr);
    console::print("nowhere {}", 1);
    StringSink con;
    console::attach(&con);
    cr_assert(eq(ptr, (void*)console::sink(), (void*)&con));
    console::print("banner {}\n", 2);
    cr_assert(eq(con.text, std::string("banner 2\n")));
}
