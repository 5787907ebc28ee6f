// kernel/exec/execve.hh — replacing a task's program (execve(2)), and starting PID 1.
#pragma once

#include "exec/loader.hh"
#include "proc/task.hh"

namespace exec {

/// execve(2) for the calling task: copies the path, argv and envp from user memory
/// (EFAULT, E2BIG, ENAMETOOLONG), finds the program in the initramfs (ENOENT, EACCES for
/// a directory or a file without execute permission), loads it (ENOEXEC, ENOMEM) and,
/// only then, replaces the task's address space, registers, FPU state and handled
/// signals. On success the system call returns to the new program's entry.
Result<void> execve_user(vm::UserPtr<const char> path, UserStrings argv, UserStrings envp);

/// The same with the path and strings already in the kernel, for a task @p t that is
/// not running (PID 1 before its first run) or is the caller.
Result<void> exec_into(proc::Task* t, StrView path, const Args& args);

}  // namespace exec
