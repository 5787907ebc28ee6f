// kernel/fs/fd_table.hh — a process's file descriptors: small integers naming Files.
//
// The table maps each open descriptor to a File (with a reference) and its
// close-on-exec flag. fork copies the table (the copies share the Files, so their
// offsets); clone(CLONE_FILES) shares the table itself, which is why it is counted.
// A new descriptor is always the lowest free one at or above a floor (0 for open,
// arg for F_DUPFD), and below RLIMIT_NOFILE (EMFILE). The table grows on demand up to
// MAX_FDS. Every operation takes the table's lock.
#pragma once

#include <atomic>

#include "fs/vfs/file.hh"

namespace fs {

/// The most descriptors a table holds (Linux's nr_open default).
constexpr u32 MAX_FDS = 1 << 20;

class FdTable {
public:
    FdTable() = default;
    FdTable(const FdTable&) = delete;
    FdTable& operator=(const FdTable&) = delete;
    ~FdTable();

    /// The File at @p fd, with a reference for the caller (file_put it). EBADF.
    Result<vfs::File*> get(int fd);
    /// Installs @p f (the caller's reference moves in) at the lowest free descriptor
    /// >= @p floor and < @p limit. EMFILE, ENOMEM (then @p f is still the caller's).
    Result<int> install(vfs::File* f, bool cloexec, u32 floor, u64 limit);
    /// dup2/dup3: puts @p old's File at @p new_fd, closing what was there. EBADF.
    Result<int> dup_to(int old_fd, int new_fd, bool cloexec, u64 limit);
    /// Closes @p fd. EBADF.
    Result<void> close(int fd);
    /// close_range(2): closes (or with @p cloexec_only marks) fds first..last.
    void close_range(u32 first, u32 last, bool cloexec_only);
    Result<bool> cloexec(int fd);
    Result<void> set_cloexec(int fd, bool on);
    /// How many descriptors the table has room for now (Linux's max_fds: select(2)
    /// ignores the bits past it).
    u32 capacity();
    /// execve: closes every close-on-exec descriptor.
    void close_on_exec();
    /// A copy with the same Files (fork). ENOMEM.
    Result<FdTable*> copy();

    std::atomic<u32> refs{1};

private:
    Result<void> grow(u32 need);
    SpinLock lock_{"fd-table"};
    vfs::File** files_ = nullptr;
    u8* cloexec_ = nullptr;
    u32 size_ = 0;
};

/// A new, empty table. ENOMEM.
Result<FdTable*> fd_table_new();
/// Another reference to @p t (clone with CLONE_FILES).
FdTable* fd_table_share(FdTable* t);
/// A copy of @p t (fork, clone without CLONE_FILES). ENOMEM.
Result<FdTable*> fd_table_copy(FdTable* t);
/// Drops a reference (exit); the last one closes every descriptor.
void fd_table_put(FdTable* t);

}  // namespace fs
