// tests/unit/user_copy_test.cc — the checks of kernel/vm/user_copy: ranges that leave user
// space or wrap are EFAULT before anything is copied, element counts whose size overflows
// are EFAULT (copy_n_from_user/copy_n_to_user), UserPtr arithmetic that wraps gives an
// address the copies refuse, and a UserBuffer bounds every piece copied through it.
// On the host a process's own addresses lie below USER_TOP, so the copies run on real
// buffers; the assembly routines are replaced by memcpy/memset below.
// UNIT_SOURCES: kernel/vm/user_copy.cc kernel/lib/errno.cc kernel/lib/format.cc
#include <criterion/criterion.h>

#include <cstring>

#include "support/unit.hh"
#include "vm/user_copy.hh"

namespace {
int copies;  // how many times the assembly routines were reached
}

extern "C" u64 vm_user_copy(void* dst, const void* src, u64 n, u64) {
    ++copies;
    memcpy(dst, src, n);
    return 0;
}
extern "C" u64 vm_user_clear(void* dst, u64 n, u64) {
    ++copies;
    memset(dst, 0, n);
    return 0;
}
extern "C" i64 vm_user_strncpy(char* dst, const char* src, u64 max, u64) {
    ++copies;
    u64 i = 0;
    for (; i < max && src[i]; ++i) dst[i] = src[i];
    if (i < max) dst[i] = 0;
    return i64(i);
}

namespace {

uptr addr(const void* p) { return reinterpret_cast<uptr>(p); }

}  // namespace

Test(user_copy, access_ok_refuses_wraps_and_the_kernel_half) {
    cr_assert(vm::access_ok(0x1000, 0x1000));
    cr_assert(vm::access_ok(vm::USER_TOP - 8, 8));
    cr_assert_not(vm::access_ok(vm::USER_TOP - 8, 9));
    cr_assert_not(vm::access_ok(vm::USER_TOP, 0));
    cr_assert_not(vm::access_ok(0x1000, ~usize(0)));
    cr_assert_not(vm::access_ok(~uptr(0) - 4, 16));  // wraps to a low address
}

Test(user_copy, copy_n_copies_whole_elements) {
    u32 src[4] = {1, 2, 3, 4}, dst[4] = {};
    cr_assert_not(vm::copy_n_from_user(dst, vm::UserPtr<const u32>(addr(src)), 4).is_error());
    cr_assert_eq(memcmp(src, dst, sizeof src), 0);
    u32 back[4] = {};
    cr_assert_not(vm::copy_n_to_user(vm::UserPtr<u32>(addr(back)), src, 3).is_error());
    cr_assert_eq(back[2], 3u);
    cr_assert_eq(back[3], 0u, "only three elements");
}

Test(user_copy, copy_n_refuses_an_overflowing_count_before_copying) {
    u64 buf[2] = {};
    copies = 0;
    usize huge = ~usize(0) / sizeof(u64) + 2;  // huge * 8 wraps to 8: one element
    auto r = vm::copy_n_from_user(buf, vm::UserPtr<const u64>(addr(buf)), huge);
    cr_assert(r.is_error());
    cr_assert_eq(r.error(), EFAULT);
    auto w = vm::copy_n_to_user(vm::UserPtr<u64>(addr(buf)), buf, huge);
    cr_assert(w.is_error());
    cr_assert_eq(w.error(), EFAULT);
    cr_assert_eq(copies, 0, "nothing reached the copy routine");
}

Test(user_copy, user_ptr_arithmetic_that_wraps_is_refused) {
    vm::UserPtr<u64> p(0x1000);
    cr_assert_eq((p + 2).address(), 0x1010u);
    vm::UserPtr<u64> wrapped = p + (~usize(0) / 8);  // 0x1000 + almost 2^64: wraps
    cr_assert_geq(wrapped.address(), vm::USER_TOP);
    copies = 0;
    cr_assert(wrapped.read().is_error());
    cr_assert_eq(copies, 0);
}

Test(user_copy, user_buffer_checks_its_range_once) {
    char data[16] = "abcdefghijklmno";
    auto bad = vm::UserBuffer::checked(vm::UserPtr<char>(vm::USER_TOP - 4), 8);
    cr_assert(bad.is_error());
    cr_assert_eq(bad.error(), EFAULT);
    auto wraps = vm::UserBuffer::checked(vm::UserPtr<char>(0x1000), ~usize(0) - 0x800);
    cr_assert(wraps.is_error());
    auto good = vm::UserBuffer::checked(vm::UserPtr<char>(addr(data)), 8);
    cr_assert_not(good.is_error());
    vm::UserBuffer b = good.value();
    cr_assert_eq(b.size(), 8u);
    char piece[4] = {};
    cr_assert_not(b.read(piece, 4, 4).is_error());
    cr_assert_eq(memcmp(piece, "efgh", 4), 0);
    cr_assert(b.read(piece, 5, 4).is_error(), "past the end of the range");
    cr_assert(b.read(piece, ~usize(0), 2).is_error(), "an offset that wraps");
    cr_assert_not(b.write(6, "XY", 2).is_error());
    cr_assert_eq(memcmp(data, "abcdefXYijk", 11), 0);
    cr_assert(b.write(7, "XY", 2).is_error());
    cr_assert_eq(data[8], 'i', "a refused write copies nothing");
}

Test(user_copy, strings_through_a_typed_pointer) {
    const char* s = "hello";
    char out[8] = {};
    auto n = vm::copy_string_from_user(out, vm::UserPtr<const char>(addr(s)), sizeof out);
    cr_assert_not(n.is_error());
    cr_assert_eq(n.value(), 5u);
    cr_assert_str_eq(out, "hello");
    auto kernel = vm::copy_string_from_user(out, vm::UserPtr<const char>(vm::USER_TOP), 8);
    cr_assert(kernel.is_error());
    cr_assert_eq(kernel.error(), EFAULT);
}
