// kernel/fs/fd_table.cc — file descriptor tables (fd_table.hh).
#include "fs/fd_table.hh"

#include "lib/string.hh"
#include "mm/heap.hh"

namespace fs {

FdTable::~FdTable() {
    for (u32 i = 0; i < size_; ++i)
        if (files_[i]) vfs::file_put(files_[i]);
    mm::kfree(files_);
    mm::kfree(cloexec_);
}

// Grows the arrays to hold @p need descriptors (lock held). ENOMEM.
Result<void> FdTable::grow(u32 need) {
    if (need <= size_) return {};
    u32 size = size_ ? size_ : 64;
    while (size < need) size *= 2;
    auto files = mm::kzalloc(size * sizeof(vfs::File*));
    if (files.is_error()) return Error(ENOMEM);
    auto flags = mm::kzalloc(size);
    if (flags.is_error()) {
        mm::kfree(files.value());
        return Error(ENOMEM);
    }
    if (size_) {
        memcpy(files.value(), files_, size_ * sizeof(vfs::File*));
        memcpy(flags.value(), cloexec_, size_);
    }
    mm::kfree(files_);
    mm::kfree(cloexec_);
    files_ = static_cast<vfs::File**>(files.value());
    cloexec_ = static_cast<u8*>(flags.value());
    size_ = size;
    return {};
}

Result<vfs::File*> FdTable::get(int fd) {
    SpinLockGuard g(lock_);
    if (fd < 0 || u32(fd) >= size_ || !files_[fd]) return Error(EBADF);
    return vfs::file_get(files_[fd]);
}

Result<int> FdTable::install(vfs::File* f, bool cloexec, u32 floor, u64 limit) {
    if (limit > MAX_FDS) limit = MAX_FDS;
    SpinLockGuard g(lock_);
    u32 fd = floor;
    while (fd < size_ && files_[fd]) ++fd;
    if (fd >= limit) return Error(EMFILE);
    TRY(grow(fd + 1));
    files_[fd] = f;
    cloexec_[fd] = cloexec;
    return int(fd);
}

u32 FdTable::capacity() {
    SpinLockGuard g(lock_);
    return size_ ? size_ : 64;
}

Result<int> FdTable::dup_to(int old_fd, int new_fd, bool cloexec, u64 limit) {
    if (new_fd < 0 || u64(new_fd) >= limit || u32(new_fd) >= MAX_FDS) return Error(EBADF);
    vfs::File* replaced = nullptr;
    {
        SpinLockGuard g(lock_);
        if (old_fd < 0 || u32(old_fd) >= size_ || !files_[old_fd]) return Error(EBADF);
        TRY(grow(u32(new_fd) + 1));
        replaced = files_[new_fd];
        files_[new_fd] = vfs::file_get(files_[old_fd]);
        cloexec_[new_fd] = cloexec;
    }
    if (replaced) vfs::file_put(replaced);  // outside the lock: a release may sleep
    return new_fd;
}

Result<void> FdTable::close(int fd) {
    vfs::File* f;
    {
        SpinLockGuard g(lock_);
        if (fd < 0 || u32(fd) >= size_ || !files_[fd]) return Error(EBADF);
        f = files_[fd];
        files_[fd] = nullptr;
    }
    vfs::file_put(f);
    return {};
}

void FdTable::close_range(u32 first, u32 last, bool cloexec_only) {
    for (u32 fd = first; fd <= last; ++fd) {
        vfs::File* f = nullptr;
        {
            SpinLockGuard g(lock_);
            if (fd >= size_) return;
            if (!files_[fd]) continue;
            if (cloexec_only) {
                cloexec_[fd] = 1;
                continue;
            }
            f = files_[fd];
            files_[fd] = nullptr;
        }
        vfs::file_put(f);
    }
}

Result<bool> FdTable::cloexec(int fd) {
    SpinLockGuard g(lock_);
    if (fd < 0 || u32(fd) >= size_ || !files_[fd]) return Error(EBADF);
    return cloexec_[fd] != 0;
}

Result<void> FdTable::set_cloexec(int fd, bool on) {
    SpinLockGuard g(lock_);
    if (fd < 0 || u32(fd) >= size_ || !files_[fd]) return Error(EBADF);
    cloexec_[fd] = on;
    return {};
}

void FdTable::close_on_exec() {
    for (u32 fd = 0;; ++fd) {
        vfs::File* f = nullptr;
        {
            SpinLockGuard g(lock_);
            if (fd >= size_) return;
            if (!files_[fd] || !cloexec_[fd]) continue;
            f = files_[fd];
            files_[fd] = nullptr;
        }
        vfs::file_put(f);
    }
}

Result<FdTable*> FdTable::copy() {
    FdTable* t = TRY(mm::make<FdTable>());
    SpinLockGuard g(lock_);
    if (auto r = t->grow(size_); r.is_error()) {
        mm::destroy(t);
        return Error(r.error());
    }
    for (u32 i = 0; i < size_; ++i) {
        if (files_[i]) t->files_[i] = vfs::file_get(files_[i]);
        t->cloexec_[i] = cloexec_[i];
    }
    return t;
}

Result<FdTable*> fd_table_new() { return mm::make<FdTable>(); }

FdTable* fd_table_share(FdTable* t) {
    t->refs.fetch_add(1, std::memory_order_relaxed);
    return t;
}

Result<FdTable*> fd_table_copy(FdTable* t) { return t->copy(); }

void fd_table_put(FdTable* t) {
    if (t && t->refs.fetch_sub(1, std::memory_order_acq_rel) == 1) mm::destroy(t);
}

}  // namespace fs
