// tests/unit/support/host_prelude.hh — forced in front of every host-compiled file (-include).
//
// 1. libc's <errno.h> comes first, so that kernel/lib/errno.hh sees its macros (the
//    same Linux numbers) and leaves its own enum out instead of clashing with them,
//    whatever order a test includes kernel and libc headers in.
// 2. Criterion 2.4's new asserts (cr_assert(eq(int, x, 1))) fail to compile when x is
//    a const lvalue (a const reference, a static constexpr member): its
//    cri_val_escape<T>() has overloads for T& and T&& only. The const T& overload below
//    fills the gap; it is found because the assert macros name it unqualified.
#pragma once

#include <errno.h>

#ifdef __cplusplus
#include <type_traits>

template <typename T, typename = typename std::enable_if<!std::is_pointer<T>::value>::type>
constexpr const T& cri_val_escape(const T& v) {
    return v;
}
#endif
