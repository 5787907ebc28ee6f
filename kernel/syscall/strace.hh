// kernel/syscall/strace.hh — strace= on the kernel command line: every system call of
// the chosen tasks, decoded, in the kernel log.
//
//   strace=all          every task
//   strace=12           the task with tid 12 and, from then on, every task it or its
//   strace=12,40        traced descendants create (strace -f); a comma list for several
//
//   [    3.120431] I [pid 12] openat(AT_FDCWD, "/etc/passwd", O_RDONLY|O_CLOEXEC) = -1 ENOENT (No such file or directory)
//   [    3.120502] I [pid 12] wait4(-1, 0x7ffc..., 0, NULL <unfinished ...>
//   [    3.190020] I [pid 12] <... wait4 resumed>) = 13
//
// Without ptrace this is how a student, or a port of busybox, apk or apt, sees why a
// program fails. The dispatcher (syscall/dispatch.cc) calls traced_call() only when
// active() is true, so a boot without strace= pays one predictable branch per call. The
// text is syscall/strace_format.hh's; which calls print on entry is its table's Mode.
// A child is followed from its first call: a task whose parent is traced is traced too
// (a thread made with CLONE_PARENT has its creator's parent, and is followed when that
// parent is traced or once the creator's clone returns its tid).
#pragma once

#include "arch/x86_64/interrupts.hh"
#include "lib/types.hh"

namespace strace {

/// The handler the dispatcher would run for @p nr (table entry or -ENOSYS).
using Run = i64 (*)(arch::TrapFrame& frame, u64 nr);

/// Whether strace= asked for anything (read from the command line at the first call).
bool active();
/// Runs @p run for call @p nr, and logs it when the current task is traced; returns
/// what @p run returned (the value for rax).
i64 traced_call(arch::TrapFrame& frame, u64 nr, Run run);

}  // namespace strace
