// tests/unit/strview_test.cc — StrView: construction, comparison, slicing, copying, formatting.
// UNIT_SOURCES: kernel/lib/format.cc
#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include <string>

#include "lib/strview.hh"

namespace {
std::string S(StrView v) { return std::string(v.data ? v.data : "", v.len); }
}  // namespace

Test(strview, construction) {
    StrView empty;
    cr_assert(empty.empty());
    cr_assert(eq(ptr, (void*)empty.data, nullptr));
    StrView c("hello");
    cr_assert(eq(sz, c.len, 5));
    StrView n(static_cast<const char*>(nullptr));
    cr_assert(n.empty());
    StrView part("hello", 3);
    cr_assert(eq(S(part), std::string("hel")));
    cr_assert(eq(chr, part[1], 'e'));
}

Test(strview, equality) {
    cr_assert(StrView("abc") == StrView("abc"));
    cr_assert(not(StrView("abc") == StrView("abd")));
    cr_assert(not(StrView("abc") == StrView("ab")));
    cr_assert(StrView("abcdef", 3) == StrView("abc"));
    cr_assert(StrView() == StrView(""));  // empty views are equal whatever their data
    cr_assert(StrView("x", 0) == StrView());
}

Test(strview, starts_with) {
    cr_assert(StrView("console").starts_with("con"));
    cr_assert(StrView("console").starts_with(""));
    cr_assert(StrView().starts_with(StrView()));
    cr_assert(StrView("abc").starts_with(StrView()));
    cr_assert(not(StrView().starts_with("a")));
    cr_assert(not(StrView("co").starts_with("con")));
    cr_assert(not(StrView("cab").starts_with("con")));
}

Test(strview, substr_clamps) {
    StrView v("abcdef");
    cr_assert(eq(S(v.substr(2)), std::string("cdef")));
    cr_assert(eq(S(v.substr(2, 2)), std::string("cd")));
    cr_assert(eq(S(v.substr(4, 100)), std::string("ef")));
    cr_assert(eq(S(v.substr(6)), std::string("")));
    cr_assert(eq(S(v.substr(99, 3)), std::string("")));
    cr_assert(eq(ptr, (void*)v.substr(99).data, (void*)(v.data + 6)));  // never past the end
    cr_assert(eq(S(v.substr(0, 0)), std::string("")));
    cr_assert(StrView().substr(0).empty());
    cr_assert(StrView().substr(3, 3).empty());
}

Test(strview, copy_to) {
    char buf[4];
    cr_assert(StrView("abc").copy_to(buf, sizeof buf));
    cr_assert(eq(str, buf, "abc"));
    cr_assert(not(StrView("abcd").copy_to(buf, sizeof buf)));  // cut, still terminated
    cr_assert(eq(str, buf, "abc"));
    cr_assert(StrView().copy_to(buf, sizeof buf));
    cr_assert(eq(str, buf, ""));
    char one[1] = {'Z'};
    cr_assert(not(StrView("a").copy_to(one, 1)));
    cr_assert(eq(chr, one[0], '\0'));
    char none[1] = {'Z'};
    cr_assert(not(StrView("a").copy_to(none, 0)));
    cr_assert(eq(chr, none[0], 'Z'));
}

Test(strview, formats_with_width) {
    char buf[32];
    fmt::format_to(buf, sizeof buf, "[{}|{:5}|{:<5}]", StrView("abcdef", 2), StrView("xy"),
                   StrView("z"));
    cr_assert(eq(str, buf, "[ab|   xy|z    ]"));
    fmt::format_to(buf, sizeof buf, "[{}]", StrView());
    cr_assert(eq(str, buf, "[]"));
}
