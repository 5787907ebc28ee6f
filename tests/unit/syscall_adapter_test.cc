// tests/unit/syscall_adapter_test.cc — the syscall dispatcher's adapters (kernel/syscall/syscall.hh):
// registers become typed parameters in the ABI's order (rdi rsi rdx r10 r8 r9), integers are
// truncated as C would, UserPtr keeps the address, a handler may take the frame first, and a
// Result becomes rax: the value, 0 for Result<void>, or -errno.
// UNIT_SOURCES: kernel/lib/format.cc kernel/lib/errno.cc
#include <criterion/criterion.h>

#include "support/unit.hh"
#include "syscall/syscall.hh"

namespace {

u64 seen[6];
arch::TrapFrame* seen_frame;

Result<u64> six(u64 a, u64 b, u64 c, u64 d, u64 e, u64 f) {
    seen[0] = a, seen[1] = b, seen[2] = c, seen[3] = d, seen[4] = e, seen[5] = f;
    return a + f;
}
Result<u64> narrow(int fd, u32 flags, i64 size) {
    seen[0] = u64(i64(fd)), seen[1] = flags, seen[2] = u64(size);
    return 0;
}
Result<u64> user_pointer(vm::UserPtr<int> p) {
    seen[0] = p.address();
    return Error(EFAULT);
}
Result<void> nothing() { return {}; }
Result<void> fails() { return Error(EINVAL); }
i64 plain() { return 42; }
Result<u64> with_frame(arch::TrapFrame& frame, u64 a) {
    seen_frame = &frame;
    seen[0] = a;
    return 7;
}

arch::TrapFrame frame_with(u64 rdi, u64 rsi, u64 rdx, u64 r10, u64 r8, u64 r9) {
    arch::TrapFrame f{};
    f.rdi = rdi, f.rsi = rsi, f.rdx = rdx, f.r10 = r10, f.r8 = r8, f.r9 = r9;
    return f;
}

}  // namespace

// The adapters never touch user memory; the unit test links none of kernel/vm.
namespace vm {
Result<void> copy_from_user(void*, uptr, usize) { return Error(EFAULT); }
Result<void> copy_to_user(uptr, const void*, usize) { return Error(EFAULT); }
}  // namespace vm

Test(syscall_adapter, six_arguments_in_abi_order) {
    arch::TrapFrame f = frame_with(1, 2, 3, 4, 5, 6);
    f.rcx = 99;  // syscall clobbers rcx: the fourth argument comes from r10
    cr_assert_eq(syscalls::invoke<six>(f), 7);
    for (int i = 0; i < 6; ++i) cr_assert_eq(seen[i], u64(i + 1), "argument %d", i);
}

Test(syscall_adapter, integers_are_truncated_like_c) {
    arch::TrapFrame f = frame_with(0xffffffff00000005ull, 0x1234567800000009ull, ~0ull, 0, 0, 0);
    cr_assert_eq(syscalls::invoke<narrow>(f), 0);
    cr_assert_eq(i64(seen[0]), 5);
    cr_assert_eq(seen[1], 9u);
    cr_assert_eq(i64(seen[2]), -1);
    arch::TrapFrame g = frame_with(0xffffffffull, 0, 0, 0, 0, 0);  // fd -1 as a 32-bit int
    cr_assert_eq(syscalls::invoke<narrow>(g), 0);
    cr_assert_eq(i64(seen[0]), -1);
}

Test(syscall_adapter, errors_become_negative_errno) {
    arch::TrapFrame f = frame_with(0x7000, 0, 0, 0, 0, 0);
    cr_assert_eq(syscalls::invoke<user_pointer>(f), -EFAULT);
    cr_assert_eq(seen[0], 0x7000u);
    cr_assert_eq(syscalls::invoke<fails>(f), -EINVAL);
}

Test(syscall_adapter, void_results_and_plain_integers) {
    arch::TrapFrame f{};
    cr_assert_eq(syscalls::invoke<nothing>(f), 0);
    cr_assert_eq(syscalls::invoke<plain>(f), 42);
}

Test(syscall_adapter, frame_first_then_arguments) {
    arch::TrapFrame f = frame_with(11, 0, 0, 0, 0, 0);
    cr_assert_eq(syscalls::invoke<with_frame>(f), 7);
    cr_assert_eq(seen_frame, &f);
    cr_assert_eq(seen[0], 11u);
}
