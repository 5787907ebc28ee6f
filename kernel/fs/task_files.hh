// kernel/fs/task_files.hh — a task's files at fork, exec and exit.
//
// fork gives the child a copy of the parent's descriptor table (sharing the Files)
// and of its root/cwd/umask; clone(CLONE_FILES / CLONE_FS) shares them instead (fd_table_share and
// fs_context_share); execve closes the
// close-on-exec descriptors; exit drops both, which is when a pipe's reader sees the
// end of file of an exiting writer.
#pragma once

#include "lib/result.hh"

namespace proc {
struct Task;
}

namespace fs {

/// Gives @p child copies of @p parent's descriptor table and file-system context, or
/// the same ones when @p share_files (CLONE_FILES) / @p share_fs (CLONE_FS) (a parent
/// without them, a kernel task, gives none). ENOMEM (then @p child has none).
Result<void> task_files_copy(proc::Task* parent, proc::Task* child, bool share_files = false,
                             bool share_fs = false);
/// Drops @p t's descriptor table and context (exit, and task_free for a task that
/// never ran); idempotent.
void task_files_release(proc::Task* t);
/// Gives the first process an empty table with /dev/console as fds 0, 1 and 2 and the
/// root as its root and cwd. ENOMEM, ENOENT (no /dev/console).
Result<void> task_files_init(proc::Task* t);

}  // namespace fs
