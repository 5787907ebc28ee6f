// kernel/fs/task_files.cc — a task's files at fork, exec and exit (task_files.hh).
#include "fs/task_files.hh"

#include "fs/fd_table.hh"
#include "fs/vfs/fs_context.hh"
#include "fs/vfs/open.hh"
#include "fs/vfs/root.hh"
#include "proc/task.hh"

namespace fs {

Result<void> task_files_copy(proc::Task* parent, proc::Task* child, bool share_files,
                             bool share_fs) {
    if (parent->files)
        child->files =
            share_files ? fd_table_share(parent->files) : TRY(fd_table_copy(parent->files));
    if (parent->fs) {
        if (share_fs) {
            child->fs = vfs::fs_context_share(parent->fs);
            return {};
        }
        auto ctx = vfs::fs_context_copy(parent->fs);
        if (ctx.is_error()) {
            task_files_release(child);
            return Error(ctx.error());
        }
        child->fs = ctx.value();
    }
    return {};
}

void task_files_release(proc::Task* t) {
    FdTable* files = t->files;
    vfs::FsContext* ctx = t->fs;
    t->files = nullptr;
    t->fs = nullptr;
    fd_table_put(files);
    vfs::fs_context_put(ctx);
}

Result<void> task_files_init(proc::Task* t) {
    vfs::Path root = vfs::root_path();
    if (root.empty()) return Error(ENOENT);
    t->fs = TRY(vfs::fs_context_new(root));
    t->files = TRY(fd_table_new());
    vfs::File* console =
        TRY(vfs::open_at(vfs::Origin{t->fs}, "/dev/console", vfs::O_RDWR, 0, 0, vfs::Creator{}));
    for (int fd = 0; fd < 3; ++fd) {
        auto r = t->files->install(vfs::file_get(console), false, u32(fd), MAX_FDS);
        if (r.is_error()) {
            vfs::file_put(console);
            vfs::file_put(console);
            return Error(r.error());
        }
    }
    vfs::file_put(console);
    return {};
}

}  // namespace fs
