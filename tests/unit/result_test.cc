// tests/unit/result_test.cc — Result<T>, Result<void>, TRY, and errno names.
// UNIT_SOURCES: kernel/lib/format.cc kernel/lib/errno.cc
#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include <csignal>
#include <memory>
#include <string>

#include "lib/result.hh"
#include "support/unit.hh"

namespace {

Result<int> parse_digit(char c) {
    if (c < '0' || c > '9') return Error(EINVAL);
    return c - '0';
}

Result<int> sum_digits(const char* s) {
    int total = 0;
    for (; *s; ++s) total += TRY(parse_digit(*s));
    return total;
}

Result<void> check_even(int v) {
    if (v % 2) return Error(ERANGE);
    return {};
}

Result<int> half_if_even(int v) {
    TRY(check_even(v));
    return v / 2;
}

// Counts live instances, to catch double destruction or leaks inside Result.
struct Tracked {
    static inline int live = 0;
    int v;
    explicit Tracked(int x) : v(x) { ++live; }
    Tracked(const Tracked& o) : v(o.v) { ++live; }
    Tracked(Tracked&& o) noexcept : v(o.v) {
        o.v = -1;
        ++live;
    }
    ~Tracked() { --live; }
};

Result<std::unique_ptr<int>> make_box(int v) {
    if (v < 0) return Error(ENOMEM);
    return std::make_unique<int>(v);
}

Result<int> unbox_plus_one(int v) {
    std::unique_ptr<int> p = TRY(make_box(v));
    return *p + 1;
}

}  // namespace

Test(result, holds_a_value) {
    Result<int> r = 5;
    cr_assert(r.has_value());
    cr_assert(not(r.is_error()));
    cr_assert(eq(int, r.value(), 5));
    cr_assert(eq(int, r.error(), 0));
    r.value() = 6;
    cr_assert(eq(int, r.value(), 6));
    const Result<int>& cr = r;
    cr_assert(eq(int, int(cr.value()), 6));
    cr_assert(eq(int, r.value_or(9), 6));
}

Test(result, holds_an_error) {
    Result<int> r = Error(ENOENT);
    cr_assert(r.is_error());
    cr_assert(not(r.has_value()));
    cr_assert(eq(int, r.error(), ENOENT));
    cr_assert(eq(int, r.value_or(9), 9));
}

Test(result, try_propagates_the_first_error) {
    Result<int> ok = sum_digits("123");
    cr_assert(eq(int, ok.value(), 6));
    Result<int> bad = sum_digits("12x4");
    cr_assert(eq(int, bad.error(), EINVAL));
    Result<int> empty = sum_digits("");
    cr_assert(eq(int, empty.value(), 0));
}

Test(result, void_results_and_try) {
    Result<void> ok = check_even(4);
    cr_assert(ok.has_value());
    ok.value();  // does not panic
    Result<void> bad = check_even(3);
    cr_assert(bad.is_error());
    cr_assert(eq(int, bad.error(), ERANGE));
    cr_assert(eq(int, half_if_even(8).value(), 4));
    cr_assert(eq(int, half_if_even(7).error(), ERANGE));
}

Test(result, move_only_values) {
    Result<int> r = unbox_plus_one(41);
    cr_assert(eq(int, r.value(), 42));
    cr_assert(eq(int, unbox_plus_one(-1).error(), ENOMEM));
    Result<std::unique_ptr<int>> box = make_box(7);
    std::unique_ptr<int> p = box.release_value();
    cr_assert(eq(int, *p, 7));
    Result<std::unique_ptr<int>> moved(make_box(8));
    cr_assert(eq(int, *moved.value(), 8));
}

Test(result, constructs_and_destroys_exactly_once) {
    Tracked::live = 0;
    {
        Result<Tracked> r = Tracked(3);
        cr_assert(eq(int, Tracked::live, 1));
        Result<Tracked> moved(std::move(r));
        cr_assert(eq(int, Tracked::live, 2));
        cr_assert(eq(int, moved.value().v, 3));
        Result<Tracked> err = Error(EIO);
        cr_assert(eq(int, Tracked::live, 2));  // an error holds no T
        Result<Tracked> moved_err(std::move(err));
        cr_assert(moved_err.is_error());
        cr_assert(eq(int, moved_err.error(), EIO));
        cr_assert(eq(int, Tracked::live, 2));
    }
    cr_assert(eq(int, Tracked::live, 0));
}

Test(result, value_of_an_error_panics_naming_the_errno) {
    auto r = unit::capture_panic([] {
        Result<int> e = Error(ENOENT);
        (void)e.value();
    });
    cr_assert(r.panicked, "did not panic; output: %s", r.output.c_str());
    cr_assert(eq(str, r.message().c_str(), "Result: value() of an error (ENOENT = 2)"));

    auto v = unit::capture_panic([] {
        Result<void> e = Error(EBUSY);
        e.value();
    });
    cr_assert(v.panicked);
    cr_assert(v.message_contains("EBUSY = 16"), "message: %s", v.message().c_str());

    auto m = unit::capture_panic([] {
        Result<std::unique_ptr<int>> e = Error(EFAULT);
        (void)e.release_value();
    });
    cr_assert(m.message_contains("EFAULT"), "message: %s", m.message().c_str());

    auto unknown = unit::capture_panic([] {
        Result<int> e = Error(4000);
        (void)e.value();
    });
    cr_assert(unknown.message_contains("(E? = 4000)"), "message: %s", unknown.message().c_str());
}

Test(result, value_of_an_error_aborts, .signal = SIGABRT) {
    Result<int> e = Error(EINVAL);
    (void)e.value();
}

Test(errno_names, names_match_linux_numbers) {
    struct {
        int code;
        const char* name;
    } cases[] = {
        {1, "EPERM"},          {2, "ENOENT"},      {9, "EBADF"},         {11, "EAGAIN"},
        {12, "ENOMEM"},        {14, "EFAULT"},     {22, "EINVAL"},       {38, "ENOSYS"},
        {40, "ELOOP"},         {75, "EOVERFLOW"},  {95, "EOPNOTSUPP"},   {110, "ETIMEDOUT"},
        {111, "ECONNREFUSED"}, {125, "ECANCELED"}, {36, "ENAMETOOLONG"}, {61, "ENODATA"}};
    for (auto& c : cases) cr_assert(eq(str, errno_name(c.code), c.name), "errno %d", c.code);
    cr_assert(eq(int, EAGAIN, 11));
    cr_assert(eq(int, ENOSYS, 38));
    cr_assert(eq(int, ECANCELED, 125));
}

Test(errno_names, unknown_numbers_have_a_placeholder_name) {
    cr_assert(eq(str, errno_name(0), "E?"));
    cr_assert(eq(str, errno_name(-2), "E?"));
    cr_assert(eq(str, errno_name(41), "E?"));  // unused in Linux
    cr_assert(eq(str, errno_name(100000), "E?"));
}
