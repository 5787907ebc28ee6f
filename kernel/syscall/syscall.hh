// kernel/syscall/syscall.hh — how a system call handler is written and called.
//
// A handler is an ordinary C++ function with typed parameters and a Result:
//
//     Result<usize> sys_write(int fd, vm::UserPtr<const char> buf, usize len);
//     Result<pid_t> sys_fork(arch::TrapFrame& frame);     // the saved user registers
//
// The dispatcher (dispatch.cc) converts the six argument registers (rdi, rsi, rdx, r10,
// r8, r9) to the parameter types (integers are truncated as the C ABI would; UserPtr and
// UserAddr are constructed from the address), and turns the Result into rax: the value,
// or -errno. A user address is never a plain integer parameter: a pointer to data is a
// vm::UserPtr<T> of the data's type, an address the kernel does not read through (a
// mapping's start, a stack, an ioctl argument) is a vm::UserAddr; tools/check-conventions.py
// fails `make test` on a raw one.
// A handler whose first parameter is `arch::TrapFrame&` receives the caller's saved
// registers first (fork copies them, execve rewrites them). Declarations of every
// implemented handler are in syscall/handlers.hh; the one table is syscall/table.hh.
#pragma once

#include <type_traits>
#include <utility>

#include "arch/x86_64/interrupts.hh"
#include "lib/result.hh"
#include "vm/user_copy.hh"

namespace syscalls {

/// What the table stores: one adapter per handler.
using Entry = i64 (*)(arch::TrapFrame&);

namespace detail {

template <typename T>
struct IsUserPtr : std::false_type {};
template <typename T>
struct IsUserPtr<vm::UserPtr<T>> : std::true_type {};
template <>
struct IsUserPtr<vm::UserAddr> : std::true_type {};

template <typename T>
T arg_cast(u64 v) {
    if constexpr (std::is_integral_v<T> || std::is_enum_v<T>) return static_cast<T>(v);
    else {
        static_assert(IsUserPtr<T>::value,
                      "handler parameters: integers, enums, vm::UserPtr<T> or vm::UserAddr");
        return T(v);
    }
}

template <typename T>
i64 to_rax(T&& r) {
    using R = std::remove_cvref_t<T>;
    if constexpr (std::is_integral_v<R>) return static_cast<i64>(r);
    else if (r.is_error()) return -static_cast<i64>(r.error());
    else if constexpr (std::is_same_v<R, Result<void>>) return 0;
    else return static_cast<i64>(r.value());
}

template <typename R, typename... A, usize... I>
i64 call(R (*f)(A...), arch::TrapFrame&, const u64* a, std::index_sequence<I...>) {
    return to_rax(f(arg_cast<A>(a[I])...));
}
template <typename R, typename... A, usize... I>
i64 call(R (*f)(arch::TrapFrame&, A...), arch::TrapFrame& frame, const u64* a,
         std::index_sequence<I...>) {
    return to_rax(f(frame, arg_cast<A>(a[I])...));
}
template <typename R, typename... A>
constexpr usize arity(R (*)(A...)) {
    return sizeof...(A);
}
template <typename R, typename... A>
constexpr usize arity(R (*)(arch::TrapFrame&, A...)) {
    return sizeof...(A);
}

}  // namespace detail

//! [syscall_invoke]
/// The adapter for handler F.
template <auto F>
i64 invoke(arch::TrapFrame& frame) {
    const u64 args[6] = {frame.rdi, frame.rsi, frame.rdx, frame.r10, frame.r8, frame.r9};
    return detail::call(F, frame, args, std::make_index_sequence<detail::arity(F)>{});
}
//! [syscall_invoke]

}  // namespace syscalls
