// tests/unit/panic_test.cc — panic() formatting and the asserts that print both operands.
// UNIT_SOURCES: kernel/lib/format.cc
#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include <csignal>
#include <string>

#include "lib/panic.hh"
#include "lib/strview.hh"
#include "support/unit.hh"

Test(panic, formats_its_message) {
    auto r = unit::capture_panic([] { panic("bad {} at {:#x}", "thing", 0x1000); });
    cr_assert(r.panicked);
    cr_assert(eq(str, r.message().c_str(), "bad thing at 0x1000"));
}

Test(panic, aborts, .signal = SIGABRT) { panic("stop"); }

Test(panic, kassert) {
    int order = 12;
    kassert(order > 0);  // holds: nothing happens
    auto r = unit::capture_panic([&] { kassert(order <= 10); });
    cr_assert(r.panicked);
    cr_assert(r.message_contains("assert failed at tests/unit/panic_test.cc:"), "message: %s",
              r.message().c_str());
    cr_assert(r.message_contains(": order <= 10"), "message: %s", r.message().c_str());
}

Test(panic, assert_eq_prints_both_operands) {
    u64 free_pages = 261630, snapshot = 261632;
    auto r = unit::capture_panic([&] { assert_eq(free_pages, snapshot); });
    cr_assert(r.panicked);
    std::string m = r.message();
    int line = __LINE__ - 3;
    std::string want = "assert_eq failed at tests/unit/panic_test.cc:" + std::to_string(line) +
                       ": free_pages = 261630, snapshot = 261632";
    cr_assert(eq(m, want));
}

Test(panic, comparison_asserts) {
    int a = 1, b = 2;
    assert_eq(a, a);
    assert_ne(a, b);
    assert_lt(a, b);
    assert_le(a, a);
    assert_gt(b, a);
    assert_ge(b, b);
    struct Case {
        const char* op;
        std::string message;
    };
    auto msg = [](auto fn) { return unit::capture_panic(fn).message(); };
    cr_assert(msg([&] { assert_ne(a, a); }).find("assert_ne failed") != std::string::npos);
    cr_assert(msg([&] { assert_lt(b, a); }).find("assert_lt failed") != std::string::npos);
    cr_assert(msg([&] { assert_le(b, a); }).find("b = 2, a = 1") != std::string::npos);
    cr_assert(msg([&] { assert_gt(a, b); }).find("assert_gt failed") != std::string::npos);
    cr_assert(msg([&] { assert_ge(a, b); }).find("a = 1, b = 2") != std::string::npos);
}

Test(panic, assert_operands_are_evaluated_once_and_formatted_by_type) {
    int calls = 0;
    auto next = [&] { return ++calls; };
    assert_eq(next(), 1);
    cr_assert(eq(int, calls, 1));
    auto r = unit::capture_panic([] {
        StrView got("console");
        assert_eq(got, StrView("serial"));
    });
    cr_assert(r.message_contains("got = console, StrView(\"serial\") = serial"), "message: %s",
              r.message().c_str());
    auto p = unit::capture_panic([] {
        const void* where = reinterpret_cast<const void*>(0x2000);
        assert_eq(where, nullptr);
    });
    cr_assert(p.message_contains("where = 0x2000, nullptr = 0x0"), "message: %s",
              p.message().c_str());
    auto n = unit::capture_panic([] {
        i64 delta = -5;
        assert_ge(delta, 0);
    });
    cr_assert(n.message_contains("delta = -5, 0 = 0"), "message: %s", n.message().c_str());
}

Test(panic, long_messages_are_cut_not_overflowed) {
    std::string big(2000, 'x');
    auto r = unit::capture_panic([&] { panic("{}", big.c_str()); });
    cr_assert(r.panicked);
    cr_assert(eq(sz, r.message().size(), 511));  // the 512-byte buffer, NUL included
}
