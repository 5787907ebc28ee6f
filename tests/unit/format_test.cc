// tests/unit/format_test.cc — fmt::format: every placeholder form, edge values, sinks.
// UNIT_SOURCES: kernel/lib/format.cc
#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include <climits>
#include <cstdint>
#include <string>

#include "lib/format.hh"

namespace {

struct StringSink final : fmt::Sink {
    std::string text;
    void put(char c) override { text += c; }
};

template <typename... A>
std::string F(const char* f, const A&... a) {
    StringSink sink;
    fmt::format(sink, f, a...);
    return sink.text;
}

}  // namespace

// A type of the test's own, printed through format_value found by ADL.
namespace geo {
struct Point {
    int x, y;
};
void format_value(fmt::Sink& sink, const Point& p, const fmt::Spec& spec) {
    if (spec.type == 'x') fmt::format(sink, "({:#x}, {:#x})", p.x, p.y);
    else fmt::format(sink, "({}, {})", p.x, p.y);
}
enum class Color : u8 { Red = 1, Blue = 200 };
enum Big : u64 { Huge = 0xfedcba9876543210ull };
}  // namespace geo

Test(format, plain_text_and_escapes) {
    cr_assert(eq(F("hello"), std::string("hello")));
    cr_assert(eq(F(""), std::string("")));
    cr_assert(eq(F("{{}}"), std::string("{}")));
    cr_assert(eq(F("{{{}}}", 7), std::string("{7}")));
    cr_assert(eq(F("a}b"), std::string("a}b")));  // a lone } is kept
    cr_assert(eq(F("}}{{"), std::string("}{")));
}

Test(format, decimal_integers) {
    cr_assert(eq(F("{}", 0), std::string("0")));
    cr_assert(eq(F("{}", 42), std::string("42")));
    cr_assert(eq(F("{}", -42), std::string("-42")));
    cr_assert(eq(F("{}", INT64_MAX), std::string("9223372036854775807")));
    cr_assert(eq(F("{}", INT64_MIN), std::string("-9223372036854775808")));
    cr_assert(eq(F("{}", UINT64_MAX), std::string("18446744073709551615")));
    cr_assert(eq(F("{}", INT32_MIN), std::string("-2147483648")));
    cr_assert(eq(F("{}", static_cast<i8>(-128)), std::string("-128")));
    cr_assert(eq(F("{}", static_cast<u8>(255)), std::string("255")));  // u8 is a number, not a char
    cr_assert(eq(F("{}", static_cast<short>(-7)), std::string("-7")));
    cr_assert(eq(F("{:d}", 12345u), std::string("12345")));
}

Test(format, hex_binary_octal) {
    cr_assert(eq(F("{:x}", 255), std::string("ff")));
    cr_assert(eq(F("{:X}", 255), std::string("FF")));
    cr_assert(eq(F("{:#x}", 255), std::string("0xff")));
    cr_assert(eq(F("{:#X}", 255), std::string("0XFF")));
    cr_assert(eq(F("{:x}", 0), std::string("0")));
    cr_assert(eq(F("{:#x}", 0), std::string("0x0")));
    cr_assert(eq(F("{:b}", 5), std::string("101")));
    cr_assert(eq(F("{:#b}", 5), std::string("0b101")));
    cr_assert(eq(F("{:o}", 8), std::string("10")));
    cr_assert(eq(F("{:#o}", 8), std::string("010")));
    cr_assert(eq(F("{:x}", UINT64_MAX), std::string("ffffffffffffffff")));
    cr_assert(eq(F("{:b}", UINT64_MAX), std::string(64, '1')));
    cr_assert(eq(F("{:o}", UINT64_MAX), std::string("1777777777777777777777")));
    cr_assert(eq(F("{:#018x}", 0xffffffff80000000ull), std::string("0xffffffff80000000")));
}

Test(format, negative_in_hex_is_twos_complement_of_its_type) {
    cr_assert(eq(F("{:x}", static_cast<i8>(-1)), std::string("ff")));
    cr_assert(eq(F("{:x}", static_cast<i16>(-2)), std::string("fffe")));
    cr_assert(eq(F("{:x}", -1), std::string("ffffffff")));
    cr_assert(eq(F("{:x}", static_cast<i64>(-1)), std::string("ffffffffffffffff")));
    cr_assert(eq(F("{:#x}", INT64_MIN), std::string("0x8000000000000000")));
    cr_assert(eq(F("{:b}", static_cast<i8>(-128)), std::string("10000000")));
    cr_assert(eq(F("{:o}", static_cast<i8>(-1)), std::string("377")));
}

Test(format, width_alignment_and_zero_padding) {
    cr_assert(eq(F("[{:5}]", 42), std::string("[   42]")));
    cr_assert(eq(F("[{:>5}]", 42), std::string("[   42]")));
    cr_assert(eq(F("[{:<5}]", 42), std::string("[42   ]")));
    cr_assert(eq(F("[{:05}]", 42), std::string("[00042]")));
    cr_assert(eq(F("[{:05}]", -42), std::string("[-0042]")));
    cr_assert(eq(F("[{:5}]", -42), std::string("[  -42]")));
    cr_assert(eq(F("[{:<5}]", -42), std::string("[-42  ]")));
    cr_assert(eq(F("[{:08x}]", 0xbeef), std::string("[0000beef]")));
    cr_assert(eq(F("[{:#08x}]", 0xbeef), std::string("[0x00beef]")));
    cr_assert(eq(F("[{:#8x}]", 0xbeef), std::string("[  0xbeef]")));
    cr_assert(eq(F("[{:<#8x}]", 0xbeef), std::string("[0xbeef  ]")));
    cr_assert(eq(F("[{:<08}]", 7), std::string("[7       ]")));  // left alignment wins over zeros
    cr_assert(eq(F("[{:2}]", 12345), std::string("[12345]")));   // never cut
    cr_assert(eq(F("[{:0}]", 5), std::string("[5]")));
    cr_assert(eq(F("[{:256}]", 1).size(), 258ul));
    cr_assert(eq(F("[{:6}]", "ab"), std::string("[    ab]")));
    cr_assert(eq(F("[{:<6}]", "ab"), std::string("[ab    ]")));
    cr_assert(eq(F("[{:3}]", 'x'), std::string("[  x]")));
    cr_assert(eq(F("[{:<6}]", true), std::string("[true  ]")));
}

Test(format, width_over_limit_is_rejected_visibly) {
    cr_assert(eq(F("[{:257}]", 1), std::string("[{?}:257}] {extra arguments}")));
    cr_assert(eq(F("{:99999999999999999999}", 1),
                 std::string("{?}:99999999999999999999} {extra arguments}")));
}

Test(format, bool_char_and_strings) {
    cr_assert(eq(F("{} {}", true, false), std::string("true false")));
    cr_assert(eq(F("{:d}{:d}", true, false), std::string("10")));
    cr_assert(eq(F("{}", 'A'), std::string("A")));
    cr_assert(eq(F("{:c}", 'A'), std::string("A")));
    cr_assert(eq(F("{:d}", 'A'), std::string("65")));
    cr_assert(eq(F("{:#x}", 'A'), std::string("0x41")));
    cr_assert(eq(F("{:c}", 66), std::string("B")));   // a signed int as a character
    cr_assert(eq(F("{:c}", 67u), std::string("C")));  // an unsigned one
    cr_assert(eq(F("{}", "text"), std::string("text")));
    char buf[] = "mutable";
    cr_assert(eq(F("{}", static_cast<char*>(buf)), std::string("mutable")));
    const char* null_string = nullptr;
    cr_assert(eq(F("{}", null_string), std::string("(null)")));
    cr_assert(eq(F("[{:8}]", null_string), std::string("[  (null)]")));
    cr_assert(eq(F("{}", ""), std::string("")));
}

Test(format, pointers) {
    int x = 0;
    char expect[64];
    snprintf(expect, sizeof expect, "%#lx", reinterpret_cast<unsigned long>(&x));
    cr_assert(eq(F("{}", &x), std::string(expect)));
    cr_assert(eq(F("{}", static_cast<const void*>(nullptr)), std::string("0x0")));
    cr_assert(eq(F("{}", nullptr), std::string("0x0")));
    cr_assert(eq(F("{:018}", reinterpret_cast<void*>(0x1000)), std::string("0x0000000000001000")));
    const u8* bytes = reinterpret_cast<const u8*>(0xabc);  // not a string: a pointer
    cr_assert(eq(F("{}", bytes), std::string("0xabc")));
}

Test(format, enums_print_their_value) {
    cr_assert(eq(F("{}", geo::Color::Blue), std::string("200")));
    cr_assert(eq(F("{:#x}", geo::Color::Red), std::string("0x1")));
    cr_assert(eq(F("{:#x}", geo::Huge), std::string("0xfedcba9876543210")));
    cr_assert(eq(F("{}", geo::Huge), std::string("18364758544493064720")));
}

Test(format, custom_types_through_format_value) {
    geo::Point p{3, -4};
    cr_assert(eq(F("at {}", p), std::string("at (3, -4)")));
    cr_assert(eq(F("at {:x}", geo::Point{16, 255}), std::string("at (0x10, 0xff)")));
    cr_assert(eq(F("{} {} {}", 1, p, "z"), std::string("1 (3, -4) z")));
}

Test(format, missing_and_extra_arguments_are_marked) {
    cr_assert(eq(F("{} {}", 1), std::string("1 {missing}")));
    cr_assert(eq(F("{}"), std::string("{missing}")));
    cr_assert(eq(F("x", 1, 2), std::string("x {extra arguments}")));
    cr_assert(eq(F("{}", 1, 2), std::string("1 {extra arguments}")));
}

Test(format, malformed_placeholders_are_marked_and_consume_nothing) {
    cr_assert(eq(F("a{b}c", 1), std::string("a{?}b}c {extra arguments}")));
    cr_assert(eq(F("{:^5}", 1), std::string("{?}:^5} {extra arguments}")));
    cr_assert(eq(F("{:xx}", 1), std::string("{?}:xx} {extra arguments}")));
    cr_assert(eq(F("end{", 1), std::string("end{?} {extra arguments}")));
    cr_assert(eq(F("end{:", 1), std::string("end{?}: {extra arguments}")));
    cr_assert(eq(F("end{:08", 1), std::string("end{?}:08 {extra arguments}")));
    cr_assert(eq(F("{x} {}", 5), std::string("{?}x} 5")));
}

Test(format, buffer_sink_truncates_and_counts) {
    char buf[8];
    memset(buf, 'Z', sizeof buf);
    usize n = fmt::format_to(buf, sizeof buf, "{}-{}", 12345, 678);
    cr_assert(eq(sz, n, 9));  // the full length, as snprintf returns
    cr_assert(eq(str, buf, "12345-6"));

    n = fmt::format_to(buf, sizeof buf, "{}", 1234567);  // exactly fills: 7 chars + NUL
    cr_assert(eq(sz, n, 7));
    cr_assert(eq(str, buf, "1234567"));

    fmt::BufferSink fits(buf, sizeof buf);
    fmt::format(fits, "{}", 1234567);
    cr_assert(not(fits.truncated()));
    fmt::BufferSink over(buf, sizeof buf);
    fmt::format(over, "{}", 12345678);
    cr_assert(over.truncated());
    cr_assert(eq(sz, over.length(), 8));
    cr_assert(eq(str, buf, "1234567"));

    char one[1] = {'Z'};
    n = fmt::format_to(one, 1, "abc");
    cr_assert(eq(sz, n, 3));
    cr_assert(eq(chr, one[0], '\0'));

    char none[1] = {'Z'};
    n = fmt::format_to(none, 0, "abc");  // size 0: nothing is written at all
    cr_assert(eq(sz, n, 3));
    cr_assert(eq(chr, none[0], 'Z'));
    fmt::BufferSink empty(none, 0);
    cr_assert(empty.truncated());

    char big[32];
    n = fmt::format_to(big, sizeof big, "");
    cr_assert(eq(sz, n, 0));
    cr_assert(eq(str, big, ""));
}

Test(format, exported_helpers) {
    StringSink s;
    fmt::Spec spec;
    spec.width = 6;
    spec.zero_pad = true;
    fmt::format_unsigned(s, 42, true, spec);
    cr_assert(eq(s.text, std::string("-00042")));
    StringSink t;
    fmt::Spec left;
    left.width = 4;
    left.left_align = true;
    fmt::format_string(t, "ab", 2, left);
    cr_assert(eq(t.text, std::string("ab  ")));
}
