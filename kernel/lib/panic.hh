// kernel/lib/panic.hh — stopping the kernel with a message, and asserts that explain themselves.
//
//   panic("no memory map from the boot loader");
//   kassert(order <= MAX_ORDER);
//   assert_eq(stats.free_pages, snapshot.free_pages);
//   // panic: assert_eq failed at mm/tests.cc:88: stats.free_pages = 261630, snapshot.free_pages = 261632
#pragma once

#include "lib/format.hh"

/// Prints @p message with a report of where we are, then stops the machine (under
/// QEMU it exits with EXIT_CODE_PANIC). Implemented by the kernel (lib/panic.cc) and
/// by the host unit-test support (which aborts the test process).
[[noreturn]] void panic_message(const char* message);

/// Called by the kernel's panic_message() once the report is printed, just before the
/// run ends. It does nothing: it is a function of its own, never inlined, so that a
/// debugger's breakpoint on it (`make gdb` sets one) stops in a frame whose caller
/// is the panic, with @p message in hand.
extern "C" void larch_panic_hook(const char* message);

/// The index of the CPU that is panicking, or -1 while no panic is under way. Trap
/// handlers use it: another CPU's panic stops this one quietly (its NMI), a fault in
/// this CPU's own panic ends the run at once.
int panicking_cpu();

/// Formats like fmt::format, then panics.
template <typename... Args>
[[noreturn]] void panic(const char* fmt, const Args&... args) {
    static char buffer[512];
    fmt::format_to(buffer, sizeof buffer, fmt, args...);
    panic_message(buffer);
}

namespace detail {
template <typename A, typename B>
[[noreturn]] __attribute__((noinline, cold)) void assert_cmp_failed(const char* file, int line,
                                                                    const char* op, const char* ea,
                                                                    const char* eb, const A& a,
                                                                    const B& b) {
    panic("assert_{} failed at {}:{}: {} = {}, {} = {}", op, file, line, ea, a, eb, b);
}
}  // namespace detail

#define kassert(cond)                                                       \
    do {                                                                    \
        if (__builtin_expect(!(cond), 0))                                   \
            panic("assert failed at {}:{}: {}", __FILE__, __LINE__, #cond); \
    } while (0)

//! [assert_cmp]
#define KASSERT_CMP_(op, name, a, b)                                                             \
    do {                                                                                         \
        const auto& assert_a_ = (a);                                                             \
        const auto& assert_b_ = (b);                                                             \
        if (__builtin_expect(!(assert_a_ op assert_b_), 0))                                      \
            ::detail::assert_cmp_failed(__FILE__, __LINE__, name, #a, #b, assert_a_, assert_b_); \
    } while (0)

#define assert_eq(a, b) KASSERT_CMP_(==, "eq", a, b)
#define assert_ne(a, b) KASSERT_CMP_(!=, "ne", a, b)
#define assert_lt(a, b) KASSERT_CMP_(<, "lt", a, b)
#define assert_le(a, b) KASSERT_CMP_(<=, "le", a, b)
#define assert_gt(a, b) KASSERT_CMP_(>, "gt", a, b)
#define assert_ge(a, b) KASSERT_CMP_(>=, "ge", a, b)
//! [assert_cmp]
